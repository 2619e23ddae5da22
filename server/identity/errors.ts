/**
 * The refusals of signing in, of tokens and of passwords. Same ids, statuses and messages for the
 * API (problem+json) and the pages (the form again, or the error page).
 */
import { AppError } from '../http/errors.js';

/** Too many failed attempts for the account or the address: wait, then try again. */
export class LoginThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('login_throttled', 429, 'identity:login_throttled', { minutes: Math.ceil(retryAfterSeconds / 60) });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Wrong e-mail, password or code (no hint which part), or an address not confirmed yet. */
export class InvalidCredentialsError extends AppError {
  constructor(reason: 'invalid' | 'unverified' = 'invalid') {
    super('invalid_credentials', 401, reason === 'unverified' ? 'identity:login_unverified' : 'identity:login_failed');
  }
}

/** The account has a second factor and the request did not carry its code. */
export class SecondFactorRequiredError extends AppError {
  constructor() {
    super('second_factor_required', 401, 'identity:second_factor_required');
  }
}

/** The account's roles need a second factor that is not enrolled yet. */
export class SecondFactorEnrolmentRequiredError extends AppError {
  constructor() {
    super('second_factor_enrolment_required', 403, 'identity:second_factor_enrolment_required');
  }
}

/** Revoking "this token" needs a request made with a bearer token. */
export class BearerRequiredError extends AppError {
  constructor() {
    super('bearer_required', 400, 'identity:bearer_required');
  }
}

/** A password reset or e-mail confirmation link that is used, expired or unknown. */
export class AccountTokenInvalidError extends AppError {
  constructor() {
    super('token_invalid', 410, 'identity:token_invalid');
  }
}

/** The current password typed does not match. */
export class CurrentPasswordWrongError extends AppError {
  constructor() {
    super('current_password_wrong', 422, 'identity:current_password_wrong', {}, [
      { field: 'current_password', key: 'identity:current_password_wrong' },
    ]);
  }
}

/** A new password that is too weak (too short, too common, or like the account's name). */
export class WeakPasswordError extends AppError {
  constructor(problem: string) {
    super('weak_password', 422, problem, {}, [{ field: 'password', key: problem }]);
  }
}

/** The code typed while enrolling a second factor does not match the new secret. */
export class EnrolmentCodeWrongError extends AppError {
  constructor() {
    super('enrol_wrong_code', 422, 'identity:enrol_wrong_code');
  }
}

/** A state-changing form without a valid CSRF token (forged, or from an ended session). */
export class CsrfInvalidError extends AppError {
  constructor() {
    super('csrf_invalid', 403, 'errors:csrf_invalid');
  }
}
