/** The refusals of tenant administration: each names the field of the form it belongs to. */
import { NotFoundError } from '../http/errors.js';
import { ValidationError } from '../http/validate.js';

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('user_not_found', 'admin:user_not_found');
  }
}

export class EmailTakenError extends ValidationError {
  constructor() {
    super([{ field: 'email', key: 'admin:email_taken' }]);
  }
}

export class AgencyUnknownError extends ValidationError {
  constructor() {
    super([{ field: 'agencyId', key: 'admin:agency_unknown' }]);
  }
}

export class AgencyRequiredError extends ValidationError {
  constructor() {
    super([{ field: 'agencyId', key: 'admin:agency_required' }]);
  }
}

export class SupplierRolesError extends ValidationError {
  constructor() {
    super([{ field: 'roles', key: 'admin:supplier_roles' }]);
  }
}

export class CannotDemoteSelfError extends ValidationError {
  constructor() {
    super([{ field: 'roles', key: 'admin:cannot_demote_self' }]);
  }
}

export class CannotDeactivateSelfError extends ValidationError {
  constructor() {
    super([{ field: 'user', key: 'admin:cannot_deactivate_self' }]);
  }
}

export class AgencyCodeTakenError extends ValidationError {
  constructor() {
    super([{ field: 'code', key: 'admin:code_taken' }]);
  }
}

/** The password chosen when accepting an invitation breaks the password policy. */
export class WeakPasswordError extends ValidationError {
  constructor(problem: string) {
    super([{ field: 'password', key: problem }]);
  }
}
