/** The refusals of bidding: each with its stable id, status and message key. */
import { AppError, NotFoundError } from '../../http/errors.js';

export class NoticeNotFoundError extends NotFoundError {
  constructor() {
    super('notice_not_found', 'notices:not_found');
  }
}

export class BidNotFoundError extends NotFoundError {
  constructor() {
    super('bid_not_found', 'bids:not_found');
  }
}

/** The tenant's clock passed the deadline before the bid was written; both times are given. */
export class LateBidError extends AppError {
  constructor(deadline: Date, serverTime: Date) {
    super('bid_after_deadline', 409, 'bids:after_deadline', {
      deadline: deadline.toISOString(),
      serverTime: serverTime.toISOString(),
    });
    this.extensions = { deadline: deadline.toISOString(), serverTime: serverTime.toISOString() };
  }
}

/** The notice is not taking bids (not active, or already opened). */
export class NoticeNotOpenError extends AppError {
  constructor() {
    super('notice_not_open', 409, 'bids:notice_not_open');
  }
}

/** The supplier may not bid: not approved, registration expired, or debarred (with the reason). */
export class NotEligibleError extends AppError {
  constructor(reason: string, params: Record<string, unknown> = {}) {
    super(`supplier_${reason.replace(/-/g, '_')}`, 403, `bids:not_eligible_${reason.replace(/-/g, '_')}`, params);
    this.extensions = { reason };
  }
}

/** Two submissions of one supplier raced: the other one holds the current bid. */
export class BidInProgressError extends AppError {
  constructor() {
    super('bid_in_progress', 409, 'bids:submission_in_progress');
  }
}

/** Only the current bid can be withdrawn. */
export class BidNotCurrentError extends AppError {
  constructor() {
    super('bid_not_current', 409, 'bids:not_current');
  }
}
