/** The refusals of approvals: asking twice, deciding what one may not, a reason left out. */
import { AppError, NotFoundError } from '../http/errors.js';
import { ValidationError } from '../http/validate.js';

export class ApprovalNotFoundError extends NotFoundError {
  constructor() {
    super('approval_not_found', 'approvals:not_found');
  }
}

/** The same change to the same target already waits for a decision. */
export class ApprovalPendingError extends AppError {
  constructor() {
    super('approval_pending', 409, 'approvals:already_pending');
  }
}

/** Someone decided the request first (or it was withdrawn). */
export class ApprovalDecidedError extends AppError {
  constructor() {
    super('approval_decided', 409, 'approvals:already_decided');
  }
}

/** The decider does not hold the role this kind of request needs. */
export class NotApproverError extends AppError {
  constructor() {
    super('not_approver', 403, 'approvals:not_approver');
  }
}

/** Nobody decides their own request, nor a change to their own account. */
export class OwnRequestError extends AppError {
  constructor(which: 'own-request' | 'own-account') {
    if (which === 'own-request') super('own_request', 403, 'approvals:own_request');
    else super('own_account', 403, 'approvals:own_account');
  }
}

/** The request's target is not there. */
export class ApprovalTargetNotFoundError extends NotFoundError {
  constructor() {
    super('approval_target_not_found', 'approvals:target_not_found');
  }
}

/** The account has no second factor: there is nothing to reset. */
export class NoSecondFactorError extends AppError {
  constructor() {
    super('no_second_factor', 409, 'approvals:no_second_factor');
  }
}

export class ReasonRequiredError extends ValidationError {
  constructor() {
    super([{ field: 'reason', key: 'approvals:reason_required' }]);
  }
}
