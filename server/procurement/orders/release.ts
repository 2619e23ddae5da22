/** Giving back what an order held: its budget commitment and its share of the agreement's value. */
import type { Knex } from 'knex';
import { commitBudget } from './budget-lines.js';

export interface HeldOrder {
  id: string;
  budget_line_id: string;
  agreement_id: string | null;
  total: string | number;
}

/** Moves the order's holdings by `delta` (negative gives back). */
export async function adjustHoldings(tx: Knex.Transaction, order: HeldOrder, delta: number): Promise<void> {
  if (delta === 0) return;
  await commitBudget(tx, order.budget_line_id, delta);
  if (order.agreement_id)
    await tx('framework_agreements')
      .where({ id: order.agreement_id })
      .update({ ordered_value: tx.raw('greatest(ordered_value + ?, 0)', [delta]) });
}

export const releaseHoldings = (tx: Knex.Transaction, order: HeldOrder) =>
  adjustHoldings(tx, order, -Number(order.total));
