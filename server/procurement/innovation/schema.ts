/** What designations, revocations, test purchases and evaluations take (API JSON and forms alike). */
import { z } from 'zod';
import type { Language } from '../../i18n/languages.js';
import { localizedFields } from '../../i18n/localized-fields.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { amountInMinorUnits } from '../plans/schema.js';

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'innovation:date_format', abort: true })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'innovation:date_format' });

export function designationSchema(languages: readonly Language[], defaultLanguage: Language, currency: string) {
  return z.object({
    supplierId: z.uuid({ error: 'innovation:supplier_required' }),
    ...localizedFields('name', languages, defaultLanguage, 300),
    ...localizedFields('description', languages, defaultLanguage, 4000),
    classification: z.string().trim().min(1).max(100),
    unit: z.string().trim().min(1).max(30),
    unitPrice: amountInMinorUnits(currency),
    evidence: z.string().trim().min(1).max(8000),
    designatedFrom: day,
  });
}
export type DesignationInput = z.infer<ReturnType<typeof designationSchema>>;

/** A designation as the tenant takes it: its languages and currency. */
export const DesignationShape = ({ config: c }: TenantHandle) =>
  designationSchema(c.locales.supported, c.locales.default, c.currency);

export const RevocationInput = z.object({ reason: z.string().trim().min(1).max(2000) });
export type RevocationInput = z.infer<typeof RevocationInput>;

export const TestRequestInput = z.object({
  quantity: z.coerce.number().int().min(1).max(1_000_000),
  purpose: z.string().trim().min(1).max(4000),
});
export type TestRequestInput = z.infer<typeof TestRequestInput>;

export const DecisionInput = z
  .object({
    decision: z.enum(['approved', 'rejected'], { error: 'innovation:decision_required' }),
    note: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((input, ctx) => {
    if (input.decision === 'rejected' && !input.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'innovation:note_required' });
  });
export type DecisionInput = z.infer<typeof DecisionInput>;

export const CRITERIA = ['performance', 'quality', 'cost', 'support'] as const;
export const RECOMMENDATIONS = ['adopt', 'adopt-with-changes', 'do-not-adopt'] as const;
const score = z.coerce.number({ error: 'innovation:score_range' }).int().min(1).max(5);

export const EvaluationInput = z.object({
  performance: score,
  quality: score,
  cost: score,
  support: score,
  findings: z.string().trim().min(1).max(8000),
  recommendation: z.enum(RECOMMENDATIONS, { error: 'innovation:recommendation_required' }),
});
export type EvaluationInput = z.infer<typeof EvaluationInput>;

const Text = z.record(z.string(), z.string()).describe('Text by language');

export const ProductAnswer = z.object({
  id: z.uuid(),
  designationNo: z.string(),
  supplier: z.object({ id: z.uuid(), name: Text, registrationNo: z.string() }),
  name: Text,
  description: Text,
  classification: z.string(),
  unit: z.string(),
  unitPrice: z.number().int().describe('Minor units'),
  evidence: z.string(),
  designatedFrom: z.iso.date(),
  designatedUntil: z.iso.date(),
  status: z.enum(['designated', 'revoked']),
  revokedReason: z.string().nullable(),
  inForce: z.boolean(),
  appliedRules: z.array(z.string()),
});
export const ProductsAnswer = z.object({ products: z.array(ProductAnswer) });

export const TestPurchaseAnswer = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  designationNo: z.string(),
  agencyId: z.uuid(),
  quantity: z.number().int(),
  total: z.number().int(),
  purpose: z.string(),
  status: z.enum(['requested', 'approved', 'rejected', 'evaluated']),
  requestedBy: z.uuid(),
  requestedAt: z.iso.datetime(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionNote: z.string().nullable(),
  orderId: z.uuid().nullable(),
  evaluation: z
    .object({
      scores: z.object({ performance: z.number(), quality: z.number(), cost: z.number(), support: z.number() }),
      findings: z.string(),
      recommendation: z.enum(RECOMMENDATIONS),
    })
    .nullable(),
  evaluatedAt: z.iso.datetime().nullable(),
  appliedRules: z.array(z.string()),
});
