/** The refusals of the award and of complaints about it. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class AwardNotFoundError extends NotFoundError {
  constructor() {
    super('award_not_found', 'awards:not_found');
  }
}

export class ComplaintNotFoundError extends NotFoundError {
  constructor() {
    super('complaint_not_found', 'awards:complaint_not_found');
  }
}

export class NoFinalResultError extends AppError {
  constructor() {
    super('no_final_result', 409, 'awards:no_final_result');
  }
}

export class AlreadyAwardedError extends AppError {
  constructor() {
    super('already_awarded', 409, 'awards:already_awarded');
  }
}

export class StandstillRunningError extends AppError {
  constructor(until: Date) {
    super('standstill_running', 409, 'awards:standstill_running', { until: until.toISOString() });
  }
}

export class ComplaintOpenError extends AppError {
  constructor() {
    super('complaint_open', 409, 'awards:complaint_open');
  }
}

/** Complaints are filed during the standstill only. */
export class ComplaintWindowClosedError extends AppError {
  constructor() {
    super('complaint_window_closed', 409, 'awards:complaint_window_closed');
  }
}

export class NotABidderError extends AppError {
  constructor() {
    super('not_a_bidder', 403, 'awards:not_a_bidder');
  }
}

export class ComplaintAnsweredError extends AppError {
  constructor() {
    super('complaint_answered', 409, 'awards:complaint_answered');
  }
}
