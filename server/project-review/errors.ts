/** The refusals of ICT project reviews: stable ids, statuses and i18n keys. */
import { AppError, NotFoundError } from '../http/errors.js';

/** No review the reader may see: none yet, or not public before the award. */
export class ReviewNotFoundError extends NotFoundError {
  constructor() {
    super('project_review_not_found', 'review:not_found');
  }
}

/** The tenant's project-review rule does not name the notice's category. */
export class ReviewNotRequiredError extends AppError {
  constructor() {
    super('project_review_not_required', 422, 'review:not_required');
  }
}

/** The review's or the notice's state does not allow the action; the key says why. */
export class ReviewStateError extends AppError {
  constructor(key: string) {
    super('project_review_state', 409, key);
  }
}

/** Only users with the evaluator or officer role, other than the submitting officer, sit. */
export class NotAReviewerError extends AppError {
  constructor() {
    super('not_a_reviewer', 422, 'review:not_a_reviewer');
  }
}

export class AlreadySeatedError extends AppError {
  constructor() {
    super('already_seated', 409, 'review:already_seated');
  }
}

/** The caller has no seat on the pending round (or theirs was blocked). */
export class NotOnReviewCommitteeError extends AppError {
  constructor() {
    super('not_on_review_committee', 403, 'review:not_on_committee');
  }
}

/** A member decides only after declaring no conflict of interest. */
export class ReviewDeclarationMissingError extends AppError {
  constructor() {
    super('review_declaration_missing', 409, 'review:declaration_missing');
  }
}
