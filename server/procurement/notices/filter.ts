/**
 * The public list's filter: the API refuses a filter it cannot read (422), the page ignores it and
 * shows the first page. The page number is a number, so handlers read it with parsedQuery().
 */
import { validate } from '../../http/validate.js';
import { NoticeFilter } from './schema.js';

export const validFilter = validate({ query: NoticeFilter });

export const LenientFilter = NoticeFilter.catch({ page: 1 });
export const lenientFilter = validate({ query: LenientFilter });
