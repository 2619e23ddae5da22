/** The refusals of supplier registration, the company's own changes and the tenant admin's review. */
import { NotFoundError } from '../http/errors.js';
import { ValidationError } from '../http/validate.js';

const refusal = (field: string, key: string) => [{ field, key }];

export class SupplierNotFoundError extends NotFoundError {
  constructor() {
    super('supplier_not_found', 'suppliers:not_found');
  }
}

export class RegistrationNoTakenError extends ValidationError {
  constructor() {
    super(refusal('registration_no', 'suppliers:registration_no_taken'));
  }
}

/** The chosen password breaks the password policy (`problem` is the policy's message key). */
export class SupplierPasswordError extends ValidationError {
  constructor(problem: string) {
    super(refusal('password', problem));
  }
}

export class ColleagueEmailTakenError extends ValidationError {
  constructor() {
    super(refusal('email', 'suppliers:email_taken'));
  }
}

/** The signed-in supplier user's company is not there (any more). */
export class NoOwnSupplierError extends ValidationError {
  constructor() {
    super(refusal('(body)', 'validation:invalid'));
  }
}

export class RenewalNotPossibleError extends ValidationError {
  constructor() {
    super(refusal('(body)', 'suppliers:renewal_not_possible'));
  }
}

export class NotPendingError extends ValidationError {
  constructor() {
    super(refusal('(body)', 'suppliers:not_pending'));
  }
}

export class NoRenewalRequestedError extends ValidationError {
  constructor() {
    super(refusal('(body)', 'suppliers:no_renewal_requested'));
  }
}

export class DebarmentInPastError extends ValidationError {
  constructor() {
    super(refusal('until', 'suppliers:debar_until_future'));
  }
}
