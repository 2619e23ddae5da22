/**
 * What every order needs before it is written, in the placing transaction: a delivery date not in
 * the past, the agency's own budget line of the current fiscal year (locked) with room for the
 * total, and the next order number. Each refusal names its field.
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import { localDate } from '../../regulations/lookup.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { moneyText } from '../contracts/terms.js';
import { commitBudget, fiscalYearAt } from './budget-lines.js';
import { OrderRefusedError } from './errors.js';

export interface OrderTerms {
  budgetLineId: string;
  deliveryAddress: string;
  deliverBy: string;
}

export interface LockedBudgetLine {
  id: string;
  code: string;
  amount: number;
  committed: number;
}

/** The agency's budget line for this year, locked; refuses another agency's line or year. */
export async function budgetLineToCharge(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  at: Date,
  agencyId: string,
  terms: OrderTerms,
): Promise<LockedBudgetLine> {
  if (terms.deliverBy < localDate(at, tenant.config.timeZone))
    throw new OrderRefusedError('deliver_by_past', {}, 'deliverBy');
  const row = isUuid(terms.budgetLineId)
    ? await tx('budget_lines')
        .where({ id: terms.budgetLineId, agency_id: agencyId })
        .forUpdate()
        .first<{ id: string; code: string; amount: string; committed: string; fiscal_year: number } | undefined>()
    : undefined;
  if (!row) throw new OrderRefusedError('budget_line_not_yours', {}, 'budgetLineId');
  const year = fiscalYearAt(tenant, at);
  if (row.fiscal_year !== year)
    throw new OrderRefusedError('budget_line_other_year', { year: row.fiscal_year }, 'budgetLineId');
  return { id: row.id, code: row.code, amount: Number(row.amount), committed: Number(row.committed) };
}

/** Commits `total` on the line, or refuses naming what remains. */
export async function chargeBudget(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  lng: string,
  line: LockedBudgetLine,
  total: number,
): Promise<void> {
  if (line.committed + total > line.amount)
    throw new OrderRefusedError(
      'budget_exceeded',
      {
        code: line.code,
        remaining: moneyText(tenant, lng, line.amount - line.committed),
        total: moneyText(tenant, lng, total),
      },
      'budgetLineId',
    );
  await commitBudget(tx, line.id, total);
  line.committed += total;
}

/** The next order number: DO-<year>-000001. */
export async function nextOrderNo(tx: Knex.Transaction, tenant: TenantHandle, at: Date): Promise<string> {
  const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('delivery_order_serial') as n`);
  return `DO-${fiscalYearAt(tenant, at)}-${serial.rows[0]!.n.padStart(6, '0')}`;
}

export interface OrderLineInsert {
  number: number;
  item_id: string | null;
  description: string;
  classification: string;
  unit: string;
  quantity: number;
  unit_price: number;
}

/** Writes the order and its lines; gives the order's id. */
export async function insertOrder(
  tx: Knex.Transaction,
  order: Record<string, unknown>,
  lines: OrderLineInsert[],
): Promise<string> {
  const [row] = await tx('delivery_orders').insert(order).returning<{ id: string }[]>('id');
  await tx('delivery_order_lines').insert(lines.map((l) => ({ ...l, order_id: row!.id })));
  return row!.id;
}
