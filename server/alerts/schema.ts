/** A saved search as suppliers submit it (form and API alike), and what the API answers. */
import { z } from 'zod';
import { amountInMinorUnits, CATEGORIES } from '../procurement/plans/schema.js';

export const FREQUENCIES = ['immediate', 'daily', 'both'] as const;
export type Frequency = (typeof FREQUENCIES)[number] | 'off';

/** A supplier keeps at most this many saved searches: each one costs work on every publication. */
export const MAX_SAVED_SEARCHES = 20;

/** Checkboxes arrive as nothing, one string or several. */
const checkboxes = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.preprocess(
    (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(item).max(max),
  );

/** An optional amount: an empty field is no bound. */
const bound = (currency: string) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), amountInMinorUnits(currency).optional());

export function savedSearchSchema(currency: string) {
  return z
    .object({
      name: z.string().trim().min(1).max(120),
      keywords: z.string().trim().max(200).default(''),
      categories: checkboxes(z.enum(CATEGORIES), CATEGORIES.length),
      agencies: checkboxes(z.uuid({ error: 'alerts:agency_unknown' }), 50),
      minValue: bound(currency),
      maxValue: bound(currency),
      frequency: z.enum(FREQUENCIES),
    })
    .superRefine((v, ctx) => {
      if (v.minValue !== undefined && v.maxValue !== undefined && v.minValue > v.maxValue)
        ctx.addIssue({ code: 'custom', path: ['maxValue'], params: { key: 'alerts:range_order' } });
    });
}
export type SavedSearchInput = z.output<ReturnType<typeof savedSearchSchema>>;

export const SavedSearchAnswer = z.object({
  id: z.uuid(),
  name: z.string(),
  keywords: z.string(),
  categories: z.array(z.enum(CATEGORIES)),
  agencies: z.array(z.uuid()),
  minValue: z.number().nullable().describe("Lower bound of the estimated price, in the currency's major unit"),
  maxValue: z.number().nullable().describe("Upper bound of the estimated price, in the currency's major unit"),
  frequency: z.enum([...FREQUENCIES, 'off']).describe('"off" after an unsubscribe'),
  createdAt: z.string(),
});
export const SavedSearchesAnswer = z.object({ savedSearches: z.array(SavedSearchAnswer) });
export const SavedAnswer = z.object({ id: z.uuid() });
