/** What budget lines, the cart, orders and decisions take as input (API JSON and page forms alike). */
import { z } from 'zod';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { amountInMinorUnits } from '../plans/schema.js';

const id = (key: string) => z.uuid({ error: `orders:${key}` });
const count = z.coerce
  .number({ error: 'orders:quantity_invalid' })
  .int({ error: 'orders:quantity_invalid' })
  .min(1, { error: 'orders:quantity_invalid' })
  .max(1_000_000, { error: 'orders:quantity_invalid' });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'orders:deliver_by_invalid' });

/** A budget line's amount is typed in the tenant's currency, as plans and notices take theirs. */
function budgetLineSchema(currency: string) {
  return z.object({
    code: z.string().trim().min(1, { error: 'orders:code_required' }).max(40),
    label: z.string().trim().min(1, { error: 'orders:label_required' }).max(200),
    amount: amountInMinorUnits(currency),
  });
}
export const BudgetLineInput = ({ config }: TenantHandle) => budgetLineSchema(config.currency);
export type BudgetLineInput = z.infer<ReturnType<typeof budgetLineSchema>>;

export const CartItemInput = z.object({ priceId: id('price_required'), quantity: count });
export type CartItemInput = z.infer<typeof CartItemInput>;

export const QuantityInput = z.object({ quantity: count });
export type QuantityInput = z.infer<typeof QuantityInput>;

export const CheckoutInput = z.object({
  budgetLineId: id('budget_line_required'),
  deliveryAddress: z.string().trim().min(1, { error: 'orders:address_required' }).max(1000),
  deliverBy: day,
});
export type CheckoutInput = z.infer<typeof CheckoutInput>;

export const InnovativeOrderInput = CheckoutInput.extend({ quantity: count });
export type InnovativeOrderInput = z.infer<typeof InnovativeOrderInput>;

export const DeclineInput = z.object({
  reason: z.string().trim().min(1, { error: 'orders:reason_required' }).max(4000),
});
export type DeclineInput = z.infer<typeof DeclineInput>;

const Money = z.number().int();
export const OrderLineAnswer = z.object({
  number: z.number().int(),
  description: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPrice: Money.nullable(),
  amount: Money.nullable(),
});
export const OrderAnswer = z.object({
  id: z.uuid(),
  orderNo: z.string(),
  kind: z.enum(['call-off', 'innovative']),
  status: z.string(),
  total: Money.nullable(),
  placedAt: z.string(),
  deliverBy: z.string(),
  supplier: z.record(z.string(), z.string()).nullable().describe('Legal name by language'),
  contractId: z.uuid().nullable(),
});
export const OrdersAnswer = z.object({ orders: z.array(OrderAnswer) });
export const PlacedAnswer = z.object({ orders: z.array(OrderAnswer) });
