/** The refusals of briefings: stable ids, statuses and i18n keys. */
import { AppError, NotFoundError } from '../http/errors.js';

export class BriefingNotFoundError extends NotFoundError {
  constructor() {
    super('briefing_not_found', 'briefings:not_found');
  }
}

export class BriefingQuestionNotFoundError extends NotFoundError {
  constructor() {
    super('briefing_question_not_found', 'briefings:question_not_found');
  }
}

/** What the briefing is about (a notice or a plan entry) is not published, or not open to briefings. */
export class BriefingSubjectError extends AppError {
  constructor(key: string) {
    super('briefing_subject_not_open', 409, key);
  }
}

/** The briefing's state does not allow the action (cancelled, already held, not yet held). */
export class BriefingStateError extends AppError {
  constructor(key: string, params: Record<string, unknown> = {}) {
    super('briefing_state', 409, key, params);
  }
}

/** One registration per company per briefing. */
export class AlreadyRegisteredError extends AppError {
  constructor() {
    super('briefing_already_registered', 409, 'briefings:already_registered');
  }
}

/**
 * The tenant's briefing-attendance rule made the notice's briefing mandatory, and the bidder's
 * company did not attend it: the refusal names the briefing's date and the rule version.
 */
export class BriefingNotAttendedError extends AppError {
  constructor(startsAt: Date, rule: string) {
    super('briefing_not_attended', 403, 'briefings:not_attended', { date: startsAt, rule });
    this.extensions = { briefingAt: startsAt.toISOString(), rule };
  }
}
