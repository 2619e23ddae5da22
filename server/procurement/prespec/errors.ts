/** The refusals of pre-specification disclosures. */
import { NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';

export class PreSpecificationNotFoundError extends NotFoundError {
  constructor() {
    super('pre_specification_not_found', 'prespec:not_found');
  }
}

export class CommentNotFoundError extends NotFoundError {
  constructor() {
    super('comment_not_found', 'prespec:comment_not_found');
  }
}

export class NoticeNotFoundError extends NotFoundError {
  constructor() {
    super('notice_not_found', 'notices:not_found');
  }
}

/** A disclosure is opened for a draft notice only. */
export class NotDraftError extends ValidationError {
  constructor() {
    super([{ field: '(body)', key: 'prespec:not_draft' }]);
  }
}

export class AlreadyOpenedError extends ValidationError {
  constructor() {
    super([{ field: '(body)', key: 'prespec:already_opened' }]);
  }
}

/** The tenant has no pre-specification rule in effect. */
export class NoRuleError extends ValidationError {
  constructor() {
    super([{ field: '(body)', key: 'prespec:no_rule' }]);
  }
}

export class CommentsClosedError extends ValidationError {
  constructor(ends: string) {
    super([{ field: 'comment', key: 'prespec:comments_closed', params: { ends } }]);
  }
}

export class AlreadyRepliedError extends ValidationError {
  constructor() {
    super([{ field: 'reply', key: 'prespec:already_replied' }]);
  }
}
