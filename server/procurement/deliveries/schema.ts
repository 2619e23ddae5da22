/** What a delivery and an inspection take as input (the API's JSON, the pages' forms alike). */
import { z } from 'zod';
import { CHECKS, type CheckKey } from './checklist.js';

const outcome = z.enum(['pass', 'fail']).optional();

export const DeliveryInput = z.object({
  note: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .transform((v) => v || undefined),
});
export type DeliveryInput = z.infer<typeof DeliveryInput>;

export const InspectionInput = z
  .object({
    result: z.enum(['accepted', 'rejected'], { error: 'deliveries:result_required' }),
    defects: z
      .string()
      .trim()
      .max(8000)
      .optional()
      .transform((v) => v || undefined),
    checklist: z
      .object(Object.fromEntries(CHECKS.map((k) => [k, outcome])) as Record<CheckKey, typeof outcome>)
      .partial()
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.result === 'rejected' && !input.defects)
      ctx.addIssue({ code: 'custom', path: ['defects'], message: 'deliveries:defects_required' });
  });
export type InspectionInput = z.infer<typeof InspectionInput>;

/** A posted form (flat names such as `checklist.test_report`) in the API's shape. */
export function inspectionFromForm(body: Record<string, unknown>): unknown {
  const text = (name: string) => (typeof body[name] === 'string' && body[name] !== '' ? body[name] : undefined);
  return {
    result: text('result'),
    defects: text('defects'),
    checklist: Object.fromEntries(CHECKS.map((k) => [k, text(`checklist.${k}`)])),
  };
}
