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
export function inspectionFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string) => (typeof body[name] === 'string' && body[name] !== '' ? body[name] : undefined);
  return {
    result: text('result'),
    defects: text('defects'),
    checklist: Object.fromEntries(CHECKS.map((k) => [k, text(`checklist.${k}`)])),
  };
}

const Text = z.record(z.string(), z.string()).describe('Text by language');

export const ContractsAnswer = z.object({
  contracts: z.array(
    z.object({
      id: z.uuid(),
      contractNo: z.string(),
      noticeId: z.uuid(),
      noticeNo: z.string().nullable(),
      title: Text,
      status: z.string(),
      value: z.number().int(),
    }),
  ),
});

export const DeliverablesAnswer = z.object({
  contractId: z.uuid(),
  contractNo: z.string(),
  status: z.string(),
  deliverables: z.array(
    z.object({
      id: z.uuid(),
      number: z.number().int(),
      title: z.string(),
      amount: z.number().int(),
      dueOn: z.iso.date(),
      safetyRelated: z.boolean(),
      status: z.enum(['pending', 'delivered', 'accepted', 'rejected']),
      deliveries: z.array(
        z.object({
          id: z.uuid(),
          attempt: z.number().int(),
          deliveredAt: z.iso.datetime(),
          note: z.string().nullable(),
          inspection: z
            .object({
              result: z.enum(['accepted', 'rejected']),
              defects: z.string().nullable(),
              checklist: z.array(z.object({ key: z.enum(CHECKS), passed: z.boolean() })),
              inspectedAt: z.iso.datetime(),
            })
            .nullable(),
        }),
      ),
    }),
  ),
});

export const DeliveryAnswer = z.object({
  id: z.uuid(),
  deliverableId: z.uuid(),
  attempt: z.number().int(),
  deliveredAt: z.iso.datetime(),
});

export const InspectionAnswer = z.object({
  deliveryId: z.uuid(),
  deliverableId: z.uuid(),
  result: z.enum(['accepted', 'rejected']),
  status: z.enum(['accepted', 'rejected']).describe("The deliverable's new status"),
});

/** The pages' forms also name the contract whose page to go back to. */
const BackTo = { contractId: z.uuid() };
export const DeliveryForm = DeliveryInput.safeExtend(BackTo);
const fields = (body: unknown) => (body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
export const InspectionForm = z.preprocess(
  (body) => ({ ...inspectionFromForm(fields(body)), contractId: fields(body).contractId }),
  InspectionInput.safeExtend(BackTo),
);
