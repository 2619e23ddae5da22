/**
 * The mall's filter forms are GET forms: a filter that does not read is shown again on the same
 * page with a message next to its field (422), never an error page. This step parses the query
 * with the page's schema and leaves either the filter or the refusal for the handler.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { requestMessages } from '../http/messages.js';
import { fieldMessages, parseInput, ValidationError } from '../http/validate.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export interface Refusal {
  errors: Record<string, string>;
  error: string;
}

export type QueryResult<T> = { filter: T; refusal?: undefined } | { filter?: undefined; refusal: Refusal };

export function readQuery<S extends z.ZodType>(schemaFor: (tenant: TenantHandle) => S): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.mallQuery = { filter: parseInput(schemaFor(req.actor.tenant), req.query) };
    } catch (error) {
      if (!(error instanceof ValidationError)) return next(error);
      res.status(422);
      res.locals.mallQuery = {
        refusal: { errors: fieldMessages(error, requestMessages(req)), error: req.t('mall:bad_filter') },
      };
    }
    next();
  };
}

/** What readQuery left for this page. */
export const queryOf = <S extends z.ZodType>(res: Response, _schemaFor: (tenant: TenantHandle) => S) =>
  res.locals.mallQuery as QueryResult<z.output<S>>;
