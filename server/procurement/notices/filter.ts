/**
 * The public list's filter as a step of its chain. validate() parses it (the page becomes a
 * number); Express types the query of a chain whose other steps are plain handlers as ParsedQs,
 * which a number does not fit, so the step is handed over as a plain handler and the handler
 * reads the parsed filter through filterOf().
 */
import type { Request, RequestHandler } from 'express';
import { validate } from '../../http/validate.js';
import { NoticeFilter, type NoticeFilterInput } from './schema.js';

/** The API refuses a filter it cannot read (422). */
export const validFilter = validate({ query: NoticeFilter }) as unknown as RequestHandler;

/** The page ignores filters it cannot read and shows the first page. */
export const lenientFilter = validate({ query: NoticeFilter.catch({ page: 1 }) }) as unknown as RequestHandler;

/** The filter the step parsed. */
export function filterOf(req: Request): NoticeFilterInput {
  return req.query as unknown as NoticeFilterInput;
}
