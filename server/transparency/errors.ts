/** The transparency portal's refusals: a filter or page number it cannot read, an agency or supplier it does not show. */
import { AppError, NotFoundError, type FieldDetail } from '../http/errors.js';

/**
 * A query the portal cannot read (`?page=abc`, `?format=pdf`): a 400 page saying so, in the
 * reader's language. The portal's readers follow links and bookmarks, not forms, so there is no
 * form to show again: the page says what to do instead.
 */
export class PortalQueryError extends AppError {
  constructor(details: FieldDetail[] = []) {
    super('portal_query_invalid', 400, 'transparency:bad_query', {}, details);
  }
}

export class AgencyNotFoundError extends NotFoundError {
  constructor() {
    super('agency_not_found', 'transparency:agency_not_found');
  }
}

export class SupplierNotFoundError extends NotFoundError {
  constructor() {
    super('supplier_not_found', 'transparency:supplier_not_found');
  }
}
