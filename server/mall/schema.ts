/**
 * What the mall's addresses may carry, checked with zod at the edge. An empty field (a filter form
 * sent with "all") means no filter. Prices arrive as the reader types them in the tenant's
 * currency and are kept in minor units, as every amount form reads them.
 */
import { z } from 'zod';
import { amountInMinorUnits } from '../procurement/plans/schema.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const page = z.preprocess(blank, z.coerce.number().int().min(1).max(1000).default(1));

export const SORTS = ['relevance', 'price-asc', 'price-desc'] as const;
export type Sort = (typeof SORTS)[number];
export const KINDS = ['framework', 'innovative'] as const;

/** A classification code as the agreements' items carry it (UNSPSC-like digits, or letters and dots). */
const CLASSIFICATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The catalog's filters for a tenant (its currency reads the price range). */
export function catalogQueryFor(tenant: TenantHandle) {
  const amount = amountInMinorUnits(tenant.config.currency);
  return z
    .object({
      q: optional(z.string().trim().max(100)),
      classification: optional(z.string().trim().regex(CLASSIFICATION, { error: 'mall:bad_classification' })),
      supplier: optional(z.uuid({ error: 'mall:bad_supplier' })),
      kind: optional(z.enum(KINDS, { error: 'mall:bad_kind' })),
      min: optional(amount),
      max: optional(amount),
      sort: z.preprocess(blank, z.enum(SORTS, { error: 'mall:bad_sort' }).default('relevance')),
      page,
    })
    .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
      path: ['max'],
      error: 'mall:max_below_min',
    });
}
export type CatalogFilter = z.output<ReturnType<typeof catalogQueryFor>>;

/** The what-was-ordered list: an agency (its code), a period of order dates, a page, or the CSV file. */
export const OrdersQuery = z
  .object({
    agency: optional(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, { error: 'mall:bad_agency' })),
    from: optional(z.iso.date({ error: 'mall:bad_date' })),
    to: optional(z.iso.date({ error: 'mall:bad_date' })),
    page,
    format: z.preprocess(blank, z.enum(['html', 'csv'], { error: 'mall:bad_format' }).default('html')),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], error: 'mall:to_before_from' });
export type OrdersFilter = z.output<typeof OrdersQuery>;

export const PriceParams = z.object({ priceId: z.uuid() });
