/** A procurement plan entry as officers submit it (API and form alike). */
import { z } from 'zod';
import type { Language } from '../../i18n/languages.js';
import { localizedFields } from '../../i18n/localized-fields.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { currencyDigits } from '../../i18n/format.js';

export const CATEGORIES = ['goods', 'services', 'works', 'ict'] as const;
export const METHODS = ['open', 'restricted', 'negotiated', 'direct'] as const;

/** Amounts arrive as decimal text in the currency's major unit and are kept in minor units. */
export function amountInMinorUnits(currency: string) {
  const digits = currencyDigits(currency);
  const pattern = digits > 0 ? new RegExp(`^\\d{1,15}(\\.\\d{1,${digits}})?$`) : /^\d{1,15}$/;
  return z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim().replace(/[\s,]/g, ''))
    .refine((v) => pattern.test(v), { error: 'plans:amount_format' })
    .transform((v) => {
      const [whole, fraction = ''] = v.split('.');
      return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0);
    })
    .refine((v) => v > 0, { error: 'plans:amount_positive' });
}

export function planEntrySchema(languages: readonly Language[], defaultLanguage: Language, currency: string) {
  return z.object({
    ...localizedFields('title', languages, defaultLanguage, 300),
    fiscalYear: z.coerce.number().int().min(2000).max(2100),
    category: z.enum(CATEGORIES),
    estimatedBudget: amountInMinorUnits(currency),
    quarter: z.coerce.number().int().min(1).max(4),
    method: z.enum(METHODS),
  });
}

/** A tenant's plan entry form: titles in its languages, amounts in its currency. */
export const planEntryFor = (tenant: TenantHandle) => {
  const c = tenant.config;
  return planEntrySchema(c.locales.supported, c.locales.default, c.currency);
};

export const PlanFilter = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  agency: z.string().max(64).optional(),
  category: z.enum(CATEGORIES).optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
});

/** The public pages ignore a filter they cannot read rather than refuse it. */
export const PlanPageFilter = PlanFilter.catch({});
export const ExecutionPageFilter = PlanFilter.extend({ asOf: z.iso.date().optional() }).catch({});

export const PlanList = z.object({
  entries: z.array(
    z.object({
      id: z.uuid(),
      fiscalYear: z.number().int(),
      title: z.record(z.string(), z.string()),
      agency: z.object({ code: z.string(), name: z.record(z.string(), z.string()) }),
      category: z.enum(CATEGORIES),
      estimatedBudget: z.number().describe('In minor units of the currency'),
      currency: z.string(),
      quarter: z.number().int(),
      method: z.enum(METHODS),
      publishedAt: z.iso.datetime().nullable(),
    }),
  ),
});

export const PlanCreated = z.object({ id: z.uuid(), status: z.literal('draft') });
