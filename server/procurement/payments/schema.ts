/** What invoices and payments take as input; amounts in the tenant's currency as people write them. */
import { z } from 'zod';
import { amountInMinorUnits } from '../plans/schema.js';

const schemas = new Map<string, ReturnType<typeof build>>();

/** One set of schemas per currency, built once. */
export function paymentSchemas(currency: string) {
  let built = schemas.get(currency);
  if (!built) schemas.set(currency, (built = build(currency)));
  return built;
}

function build(currency: string) {
  return {
    invoice: z.object({ amount: amountInMinorUnits(currency) }),
    rejection: z.object({ reason: z.string().trim().min(1).max(4000) }),
    payment: z.object({
      paidOn: z.iso.date({ error: 'payments:date_format' }),
      reference: z.string().trim().min(1).max(200),
      amount: amountInMinorUnits(currency),
    }),
  };
}

export type InvoiceInput = z.infer<ReturnType<typeof build>['invoice']>;
export type PaymentInput = z.infer<ReturnType<typeof build>['payment']>;
