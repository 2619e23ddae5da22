/** The refusals of saved searches: stable ids, statuses and i18n keys. */
import { AppError, NotFoundError } from '../http/errors.js';
import { MAX_SAVED_SEARCHES } from './schema.js';

export class SavedSearchNotFoundError extends NotFoundError {
  constructor() {
    super('saved_search_not_found', 'alerts:not_found');
  }
}

export class TooManySavedSearchesError extends AppError {
  constructor() {
    super('too_many_saved_searches', 422, 'alerts:too_many', { max: MAX_SAVED_SEARCHES });
  }
}

/** An unsubscribe link that does not verify: changed by hand, or for a search deleted since. */
export class UnsubscribeLinkError extends AppError {
  constructor() {
    super('unsubscribe_link_invalid', 404, 'alerts:unsubscribe_invalid');
  }
}
