/** What invoices and payments take as input; amounts in the tenant's currency as people write them. */
import { z } from 'zod';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { amountInMinorUnits } from '../plans/schema.js';

const schemas = new Map<string, ReturnType<typeof build>>();

/** One set of schemas per currency, built once. */
export function paymentSchemas(currency: string) {
  let built = schemas.get(currency);
  if (!built) schemas.set(currency, (built = build(currency)));
  return built;
}

function build(currency: string) {
  const invoice = z.object({ amount: amountInMinorUnits(currency) });
  const rejection = z.object({ reason: z.string().trim().min(1).max(4000) });
  const payment = z.object({
    paidOn: z.iso.date({ error: 'payments:date_format' }),
    reference: z.string().trim().min(1).max(200),
    amount: amountInMinorUnits(currency),
  });
  const back = { contractId: z.uuid() };
  // An approval posts nothing but the contract to go back to.
  const approval = z.object({});
  return {
    invoice,
    rejection,
    payment,
    approval,
    forms: {
      invoice: invoice.extend(back),
      rejection: rejection.extend(back),
      payment: payment.extend(back),
      approval: approval.extend(back),
    },
  };
}

export type InvoiceInput = z.infer<ReturnType<typeof build>['invoice']>;
export type PaymentInput = z.infer<ReturnType<typeof build>['payment']>;
export type RejectionInput = z.infer<ReturnType<typeof build>['rejection']>;

const Money = z.number().int().describe('Minor units of the contract currency');

export const InvoiceAnswer = z.object({
  id: z.uuid(),
  invoiceNo: z.string(),
  contractId: z.uuid(),
  deliverableId: z.uuid(),
  deliverableNumber: z.number().int(),
  deliverableTitle: z.string(),
  amount: Money,
  status: z.enum(['submitted', 'approved', 'rejected', 'paid']),
  submittedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  rejectionReason: z.string().nullable(),
  dueOn: z.iso.date().nullable(),
  appliedRules: z.array(z.string()),
  overdue: z.boolean().describe('Approved and unpaid after the due date'),
  payment: z
    .object({ paidOn: z.iso.date(), reference: z.string(), amount: Money, recordedAt: z.iso.datetime() })
    .nullable(),
});

export const InvoicesAnswer = z.object({
  contractId: z.uuid(),
  totals: z.object({ value: Money, invoiced: Money, paid: Money, remaining: Money }),
  invoices: z.array(InvoiceAnswer),
});

export const SubmittedAnswer = z.object({
  id: z.uuid(),
  invoiceNo: z.string(),
  amount: Money,
  status: z.literal('submitted'),
});

export const DecisionAnswer = z.object({
  id: z.uuid(),
  invoiceNo: z.string(),
  status: z.enum(['submitted', 'approved', 'rejected', 'paid']),
  dueOn: z.iso.date().nullable(),
  appliedRules: z.array(z.string()),
});

export const PaymentAnswer = z.object({
  id: z.uuid().describe("The invoice's id"),
  invoiceNo: z.string(),
  status: z.literal('paid'),
  paidOn: z.iso.date(),
  late: z.boolean().describe('Paid after the due date'),
});

/** The schemas of a request body, for the tenant's currency: `validate({ body: paymentBody('invoice') })`. */
export const paymentBody =
  <K extends 'invoice' | 'rejection' | 'payment'>(name: K) =>
  (tenant: TenantHandle) =>
    paymentSchemas(tenant.config.currency)[name];

/** The pages' forms also name the contract whose page to go back to. */
export const paymentForm =
  <K extends keyof ReturnType<typeof build>['forms']>(name: K) =>
  (tenant: TenantHandle) =>
    paymentSchemas(tenant.config.currency).forms[name];
