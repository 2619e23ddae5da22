/** The refusals of opening and of what follows a failed tender: stable ids, statuses and message keys. */
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';

export class NoticeNotFoundError extends NotFoundError {
  constructor() {
    super('notice_not_found', 'notices:not_found');
  }
}

/** No opening record yet: the tender has not been opened. */
export class NotOpenedError extends NotFoundError {
  constructor() {
    super('opening_not_found', 'opening:not_opened');
  }
}

/** Only an active notice opens (not a cancelled or finished one). */
export class NoticeNotActiveError extends AppError {
  constructor() {
    super('notice_not_open', 409, 'opening:not_active');
  }
}

/** Re-tender and direct contract follow a failed tender only. */
export class NoticeNotFailedError extends AppError {
  constructor() {
    super('notice_not_failed', 409, 'opening:not_failed');
  }
}

/** A re-tender's opening cannot come before its deadline. */
export class OpeningBeforeDeadlineError extends ValidationError {
  constructor() {
    super([{ field: 'openingAt', key: 'notices:opening_before_deadline' }]);
  }
}

/** The rules do not allow a direct contract yet: how many failed tenders they need, and which rules. */
export class DirectContractNotYetError extends ValidationError {
  constructor(needed: number, failed: number, rules: string[]) {
    super([
      {
        field: 'justification',
        key: 'opening:direct_not_yet',
        params: { needed, failed, rule: rules.join(', ') },
      },
    ]);
  }
}
