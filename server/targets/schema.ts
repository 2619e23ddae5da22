/** What the execution-target form and the progress pages accept. */
import { z } from 'zod';

const year = z.coerce.number().int().min(2000).max(2100);

/** A milestone as the tenant admin sets it: for an agency and fiscal year, a % ordered by a date. */
export const TargetForm = z.object({
  agencyId: z.uuid({ error: 'targets:agency_required' }),
  fiscalYear: year,
  dueOn: z.iso.date({ error: 'targets:date_format' }),
  percent: z
    .string()
    .trim()
    .regex(/^\d{1,3}([.,]\d{1,2})?$/, { error: 'targets:percent_format' })
    .transform((v) => Number(v.replace(',', '.')))
    .refine((v) => v > 0 && v <= 100, { error: 'targets:percent_range' }),
});
export type TargetInput = z.infer<typeof TargetForm>;

/** The admin page's year; the progress pages' year, date and agency. A filter it cannot read is ignored. */
export const TargetsPageQuery = z.object({ year: year.optional() }).catch({});
export const ProgressQuery = z.object({ year: year.optional(), asOf: z.iso.date().optional() }).catch({});
