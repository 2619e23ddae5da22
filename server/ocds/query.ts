/**
 * The query of the OCDS endpoints: `limit` (1–1000), `since`/`until` (an ISO date or date-time:
 * releases dated from `since` and before `until`), `ocid`, and the opaque `after` cursor that
 * `links.next` carries. A bad value is the client's mistake: 400 problem+json, field by field.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { validate, ValidationError } from '../http/validate.js';

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'ocds:bad_instant' })
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

const common = {
  limit: z.coerce
    .number({ error: 'ocds:bad_limit' })
    .int('ocds:bad_limit')
    .min(1, 'ocds:bad_limit')
    .max(1000, 'ocds:bad_limit')
    .default(100),
  since: instant.optional(),
  until: instant.optional(),
  ocid: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}-[A-Za-z0-9-]{1,100}$/, 'ocds:bad_ocid')
    .optional(),
};

export const ReleasesQuery = z.object({
  ...common,
  after: z.coerce.number({ error: 'ocds:bad_cursor' }).int('ocds:bad_cursor').min(0, 'ocds:bad_cursor').optional(),
});

export const RecordsQuery = z.object({
  ...common,
  after: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}-[A-Za-z0-9-]{1,100}$/, 'ocds:bad_cursor')
    .optional(),
});

export type ReleasesQuery = z.output<typeof ReleasesQuery>;
export type RecordsQuery = z.output<typeof RecordsQuery>;

export class BadQueryError extends AppError {
  constructor(error: ValidationError) {
    super('bad_query', 400, 'ocds:bad_query', {}, error.details);
  }
}

/** validate() for a query, where a refused value is a 400, not the 422 of a refused form. */
export function validateQuery<S extends z.ZodType>(schema: S) {
  const step = validate({ query: schema });
  const run = step as unknown as (req: Request, res: Response, next: NextFunction) => void;
  const wrapped = (req: Request, res: Response, next: NextFunction) => {
    try {
      run(req, res, next);
    } catch (error) {
      next(error instanceof ValidationError ? new BadQueryError(error) : error);
    }
  };
  return Object.assign(wrapped, { shapes: step.shapes }) as unknown as typeof step;
}
