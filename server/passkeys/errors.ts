/** The refusals of passkeys: each with its stable id, status and message key (namespace `passkeys`). */
import { AppError, NotFoundError } from '../http/errors.js';

/** A credential id is unique within the tenant: one authenticator belongs to one person. */
export class PasskeyTakenError extends AppError {
  constructor() {
    super('passkey_taken', 409, 'passkeys:taken');
  }
}

/** The browser's answer did not verify (wrong challenge, origin, signature, or no ceremony under way). */
export class PasskeyInvalidError extends AppError {
  constructor(reason: 'registration' | 'assertion' | 'expired' | 'unknown-credential') {
    super(`passkey_${reason.replace(/-/g, '_')}`, 422, `passkeys:invalid_${reason.replace(/-/g, '_')}`);
    this.extensions = { reason };
  }
}

/** The tenant's rule requires each bid to be confirmed with the bidder's passkey. */
export class PasskeyRequiredError extends AppError {
  constructor(rule: string) {
    super('bid_passkey_required', 422, 'passkeys:bid_required', { rule });
    this.extensions = { rule };
  }
}

/** The user has no passkey to confirm a bid with. */
export class NoPasskeyError extends AppError {
  constructor() {
    super('no_passkey', 409, 'passkeys:none_registered');
  }
}

export class PasskeyNotFoundError extends NotFoundError {
  constructor() {
    super('passkey_not_found', 'passkeys:not_found');
  }
}
