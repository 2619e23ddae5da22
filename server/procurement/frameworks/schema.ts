/** What framework terms, price lists and price changes take as input (the API's JSON, the pages' forms alike). */
import { z } from 'zod';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { amountInMinorUnits } from '../plans/schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date({ error: 'frameworks:date_format' });

function itemSchema(currency: string, languages: readonly string[]) {
  return z.object({
    number: z.coerce.number().int().min(1).max(999),
    classification: text(40),
    /** One text, or one per language of the tenant. */
    description: z.union([
      text(500),
      z.partialRecord(z.enum(languages as [string, ...string[]]), text(500)).refine((v) => Object.keys(v).length > 0),
    ]),
    unit: text(20),
    ceilingUnitPrice: amountInMinorUnits(currency),
    estimatedQuantity: z.coerce.number().int().min(1).max(1_000_000_000),
  });
}

function termsSchema(currency: string, languages: readonly string[]) {
  return z
    .object({
      startsOn: day,
      endsOn: day,
      maxValue: amountInMinorUnits(currency),
      maxParties: z.coerce.number().int().min(1).max(50),
      items: z.array(itemSchema(currency, languages)).min(1, { error: 'frameworks:items_required' }).max(100),
    })
    .superRefine((terms, ctx) => {
      if (terms.endsOn < terms.startsOn)
        ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'frameworks:ends_before_start' });
      const numbers = terms.items.map((i) => i.number);
      numbers.forEach((n, i) => {
        if (numbers.indexOf(n) !== i)
          ctx.addIssue({ code: 'custom', path: ['items', i, 'number'], message: 'frameworks:item_number_twice' });
      });
    });
}

export const termsFor = (tenant: TenantHandle) => termsSchema(tenant.config.currency, tenant.config.locales.supported);
export type TermsInput = z.infer<ReturnType<typeof termsSchema>>;

/** The page's form: flat names (`items.0.number`), rows left empty are ignored. */
export const termsFormFor = (tenant: TenantHandle) =>
  z.preprocess((body) => termsFromForm(body, tenant.config.locales.default), termsFor(tenant));

const ITEM_FIELDS = ['number', 'classification', 'description', 'unit', 'ceilingUnitPrice', 'estimatedQuantity'];

export function termsFromForm(body: unknown, language: string): Record<string, unknown> {
  const form = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 20; i++) {
    const row = Object.fromEntries(ITEM_FIELDS.map((f) => [f, form[`items.${i}.${f}`]]));
    if (ITEM_FIELDS.every((f) => row[f] === undefined || row[f] === '')) continue;
    rows.push({ ...row, description: row.description ? { [language]: row.description } : undefined });
  }
  return {
    startsOn: form.startsOn,
    endsOn: form.endsOn,
    maxValue: form.maxValue,
    maxParties: form.maxParties,
    items: rows,
  };
}

/** A bid's price list: one unit price per item of the framework. */
export function priceListSchema(currency: string) {
  return z
    .array(z.object({ item: z.coerce.number().int().min(1).max(999), unitPrice: amountInMinorUnits(currency) }))
    .max(100);
}

export const priceChangeFor = (tenant: TenantHandle) =>
  z.object({
    priceId: z.uuid(),
    toPrice: amountInMinorUnits(tenant.config.currency),
    reason: z.string().trim().min(1, { error: 'frameworks:reason_required' }).max(2000),
    kind: z.enum(['requested', 'index-linked']).optional(),
  });
export type PriceChangeInput = z.infer<ReturnType<typeof priceChangeFor>>;

export const DecisionInput = z.object({
  decision: z.enum(['approved', 'rejected'], { error: 'frameworks:decision_required' }),
  note: z.string().trim().max(2000).optional(),
});
export type DecisionInput = z.infer<typeof DecisionInput>;

export const SupplierTermsInput = z.object({
  priceId: z.uuid(),
  deliveryDays: z.coerce.number().int().min(1).max(365),
  stock: z
    .preprocess((v) => (v === '' ? null : v), z.coerce.number().int().min(0).max(1_000_000_000).nullable())
    .optional(),
});
export type SupplierTermsInput = z.infer<typeof SupplierTermsInput>;

/** A posted bid form's `priceList.<item>` fields as the API's `priceList` (JSON bodies pass as they are). */
export function priceListFromForm(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const form = body as Record<string, unknown>;
  const keys = Object.keys(form).filter((k) => /^priceList\.\d+$/.test(k));
  if (keys.length === 0) return body;
  const rest = Object.fromEntries(Object.entries(form).filter(([k]) => !keys.includes(k)));
  const priceList = keys
    .filter((k) => form[k] !== '' && form[k] !== undefined)
    .map((k) => ({ item: Number(k.slice('priceList.'.length)), unitPrice: form[k] }));
  return { ...rest, priceList };
}

/** The pages' forms also name the agreement whose page to go back to. */
export const priceChangeFormFor = (tenant: TenantHandle) =>
  priceChangeFor(tenant).safeExtend({ agreementId: z.uuid().optional() });
export const decisionFormFor = DecisionInput.safeExtend({ agreementId: z.uuid() });
export const SupplierTermsForm = SupplierTermsInput;
