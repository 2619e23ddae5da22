/** The refusals of second-competition quotes. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class CompetitionNotFoundError extends NotFoundError {
  constructor() {
    super('competition_not_found', 'competition:not_found');
  }
}

export class CompetitionClosedError extends AppError {
  constructor() {
    super('competition_closed', 409, 'competition:closed');
  }
}

export class NotInvitedError extends AppError {
  constructor() {
    super('not_invited', 403, 'competition:not_invited');
  }
}
