/** The refusals of the evaluation: committee, scoring, reviews and results. */
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';

export class NoticeNotFoundError extends NotFoundError {
  constructor() {
    super('notice_not_found', 'notices:not_found');
  }
}

export class ResultNotFoundError extends NotFoundError {
  constructor() {
    super('result_not_found', 'evaluation:no_result');
  }
}

export class NotOnCommitteeError extends AppError {
  constructor() {
    super('not_on_committee', 403, 'evaluation:not_on_committee');
  }
}

/** Nothing of the bids is shown to an evaluator before the declaration of no conflict. */
export class DeclarationMissingError extends AppError {
  constructor() {
    super('declaration_missing', 403, 'evaluation:declaration_missing');
  }
}

export class NotOpenedError extends AppError {
  constructor() {
    super('not_opened', 409, 'evaluation:not_opened');
  }
}

export class AlreadyDeclaredError extends AppError {
  constructor() {
    super('already_declared', 409, 'evaluation:already_declared');
  }
}

export class NotInEvaluationError extends AppError {
  constructor() {
    super('not_in_evaluation', 409, 'evaluation:not_in_evaluation');
  }
}

export class EvaluationFinalError extends AppError {
  constructor() {
    super('evaluation_final', 409, 'evaluation:already_final');
  }
}

export class TechnicalFinalError extends AppError {
  constructor() {
    super('technical_final', 409, 'evaluation:technical_final');
  }
}

export class AlreadyScoredError extends AppError {
  constructor() {
    super('already_scored', 409, 'evaluation:already_scored');
  }
}

export class ScoresMissingError extends AppError {
  constructor(missing: number) {
    super('scores_missing', 409, 'evaluation:scores_missing', { missing });
  }
}

export class NotAnEvaluatorError extends ValidationError {
  constructor() {
    super([{ field: 'email', key: 'evaluation:not_an_evaluator' }]);
  }
}

export class AlreadyAssignedError extends ValidationError {
  constructor() {
    super([{ field: 'email', key: 'evaluation:already_assigned' }]);
  }
}

/** Reviews follow the price order: only the next bid may be reviewed. */
export class NotNextBidError extends ValidationError {
  constructor(next: string) {
    super([{ field: 'bidId', key: 'evaluation:not_next', params: { next } }]);
  }
}

export class BidUnknownError extends ValidationError {
  constructor() {
    super([{ field: 'bidId', key: 'evaluation:bid_unknown' }]);
  }
}
