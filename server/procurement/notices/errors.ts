/** The refusals of notices, their documents, questions and addenda: stable ids, statuses and i18n keys. */
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';

export const MAX_NOTICE_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_NOTICE_FILES = 10;

export class NoticeNotFoundError extends NotFoundError {
  constructor() {
    super('notice_not_found', 'notices:not_found');
  }
}

export class QuestionNotFoundError extends NotFoundError {
  constructor() {
    super('question_not_found', 'notices:question_not_found');
  }
}

export class DocumentNotFoundError extends NotFoundError {
  constructor() {
    super('document_not_found', 'addenda:document_not_found');
  }
}

export class NoticeUploadTooLargeError extends AppError {
  constructor() {
    super('upload_too_large', 413, 'addenda:upload_too_large', {
      mb: MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024,
      count: MAX_NOTICE_FILES,
    });
  }
}

export class NoticeUploadTypeError extends AppError {
  constructor(fileName: string) {
    super('upload_type_unsupported', 415, 'addenda:upload_type_unsupported', { file: fileName });
  }
}

/** A file sent in a field the form does not have. */
export class UnexpectedFileError extends ValidationError {
  constructor(field: string) {
    super([{ field, key: 'addenda:unexpected_file' }]);
  }
}

/** A refusal about the whole notice (not one field): not a draft, not cancellable, not open. */
export class NoticeStateError extends ValidationError {
  constructor(key: string, field = '(body)') {
    super([{ field, key }]);
  }
}
