/**
 * What the portal's addresses may carry, checked with zod at the edge. An empty field (a filter
 * form sent with "all") means no filter; anything else that does not read is refused with a 400
 * page (routes.ts turns the validation error into PortalQueryError), never guessed at.
 */
import { z } from 'zod';
import { CATEGORIES, METHODS } from '../procurement/plans/schema.js';

/** An empty value is no value: the filter forms send every field, chosen or not. */
const blank = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

export const AGENCY_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
export const FORMATS = ['html', 'csv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

const year = z.coerce.number().int().min(2000).max(2100);

/** The filters every list understands; each list adds the statuses it knows. */
export const ListQuery = z.object({
  q: optional(z.string().trim().max(200)),
  agency: optional(z.string().regex(AGENCY_CODE)),
  category: optional(z.enum(CATEGORIES)),
  method: optional(z.enum(METHODS)),
  year: optional(year),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)),
  format: z.preprocess(blank, z.enum(FORMATS).default('html')),
});

/** The filters a list is read with; `supplier` (an id) is set by the supplier page, never by the address. */
export type ListFilter = Omit<z.output<typeof ListQuery>, 'format'> & { status?: string; supplier?: string };

/** A list's query: the common filters and that list's statuses. */
export const listQueryWith = (statuses: readonly [string, ...string[]]) =>
  ListQuery.extend({ status: optional(z.enum(statuses)) });

export const StatisticsQuery = z.object({ year: optional(year) });

export const PageQuery = z.object({
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)),
});

export const AgencyParams = z.object({ code: z.string().regex(AGENCY_CODE) });
