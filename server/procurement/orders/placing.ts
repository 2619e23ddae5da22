/**
 * Placing the cart: one delivery order per (agreement, supplier) group, all in one transaction,
 * so a refusal of any group changes nothing. Prices are read fresh and written into the lines;
 * the agreement must be active that day with room under its maximum value, the party active, the
 * stock sufficient when the party keeps one, and the budget line must hold the total. Above the
 * tenant's threshold the parties quote first (second competition); otherwise the order waits for
 * the party's decision. Audited with the rules applied; the supplier (or the invited parties) told.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { SignedInActor } from '../../identity/actor.js';
import { localDate } from '../../regulations/lookup.js';
import { needsSecondCompetition } from '../../regulations/second-competition.js';
import { textIn } from '../contracts/content.js';
import { moneyText } from '../contracts/terms.js';
import { startSecondCompetition } from '../second-competition/start.js';
import { type CartGroup, type CartRow, cartRows, groupCart } from './cart.js';
import {
  budgetLineToCharge,
  chargeBudget,
  insertOrder,
  nextOrderNo,
  type LockedBudgetLine,
  type OrderTerms,
} from './charge.js';
import { CartEmptyError, OrderRefusedError } from './errors.js';
import { mailEach, mailFormats, supplierUsers } from './notify.js';

export type PlacingDeps = Pick<Deps, 'audit' | 'mailer' | 'relay' | 'sealedBox'>;

export interface PlacedOrder {
  id: string;
  orderNo: string;
  status: 'in-competition' | 'awaiting-supplier';
  total: number;
}

interface AgreementRow {
  id: string;
  agreement_no: string;
  status: string;
  starts_on: string;
  ends_on: string;
  max_value: string;
  ordered_value: string;
}

/** The agreement, locked: active, in its period today, with room for `total`. */
async function agreementToOrder(
  tx: Knex.Transaction,
  actor: SignedInActor,
  lng: string,
  group: CartGroup,
  today: string,
): Promise<AgreementRow> {
  const a = await tx('framework_agreements')
    .where({ id: group.agreementId })
    .forUpdate()
    .first<AgreementRow>(
      'id',
      'agreement_no',
      'status',
      tx.raw('starts_on::text as starts_on'),
      tx.raw('ends_on::text as ends_on'),
      'max_value',
      'ordered_value',
    );
  if (a.status !== 'active' || today < a.starts_on || today > a.ends_on)
    throw new OrderRefusedError('agreement_not_active', { agreement: a.agreement_no });
  const room = Number(a.max_value) - Number(a.ordered_value);
  if (group.total > room)
    throw new OrderRefusedError('agreement_max_value', {
      agreement: a.agreement_no,
      remaining: moneyText(actor.tenant, lng, room),
      total: moneyText(actor.tenant, lng, group.total),
    });
  return a;
}

/** Each line's party active, price within the item's ceiling, stock sufficient (then taken). */
async function checkLines(tx: Knex.Transaction, rows: CartRow[], agreementNo: string): Promise<void> {
  for (const r of rows) {
    if (r.party_status !== 'active') throw new OrderRefusedError('party_not_active', { agreement: agreementNo });
    const item = await tx('framework_items').where({ id: r.item_id }).first<{ ceiling_unit_price: string }>();
    if (Number(r.unit_price) > Number(item.ceiling_unit_price))
      throw new OrderRefusedError('above_ceiling', { number: r.item_number, agreement: agreementNo });
    if (r.stock !== null) {
      if (r.quantity > r.stock) throw new OrderRefusedError('out_of_stock', { number: r.item_number, stock: r.stock });
      await tx('framework_prices')
        .where({ id: r.price_id })
        .update({ stock: r.stock - r.quantity });
    }
  }
}

export async function placeCartOrders(
  tx: Knex.Transaction,
  deps: PlacingDeps,
  actor: SignedInActor,
  lng: string,
  terms: OrderTerms,
  at: Date,
): Promise<PlacedOrder[]> {
  const { tenant, user } = actor;
  const rows = await cartRows(tx, user.id, true);
  if (rows.length === 0) throw new CartEmptyError();
  const today = localDate(at, tenant.config.timeZone);
  const line: LockedBudgetLine = await budgetLineToCharge(tx, tenant, at, user.agencyId!, terms);
  const placed: PlacedOrder[] = [];
  for (const group of groupCart(rows)) {
    const groupRows = rows.filter((r) => r.agreement_id === group.agreementId && r.supplier_id === group.supplierId);
    const agreement = await agreementToOrder(tx, actor, lng, group, today);
    await checkLines(tx, groupRows, agreement.agreement_no);
    await chargeBudget(tx, tenant, lng, line, group.total);
    await tx('framework_agreements')
      .where({ id: agreement.id })
      .update({ ordered_value: tx.raw('ordered_value + ?', [group.total]) });
    placed.push(await writeOrder(tx, deps, actor, { terms, group, groupRows, agreement, at }));
    await tx('cart_items')
      .whereIn(
        'id',
        groupRows.map((r) => r.cart_id),
      )
      .delete();
  }
  return placed;
}

async function writeOrder(
  tx: Knex.Transaction,
  deps: PlacingDeps,
  actor: SignedInActor,
  o: { terms: OrderTerms; group: CartGroup; groupRows: CartRow[]; agreement: AgreementRow; at: Date },
): Promise<PlacedOrder> {
  const { tenant, user } = actor;
  const fallback = tenant.config.locales.default;
  const orderNo = await nextOrderNo(tx, tenant, o.at);
  const compete = needsSecondCompetition(tenant.config, o.at, o.group.total);
  const status = compete.needed ? 'in-competition' : 'awaiting-supplier';
  const id = await insertOrder(
    tx,
    {
      order_no: orderNo,
      kind: 'call-off',
      agency_id: user.agencyId,
      agreement_id: o.agreement.id,
      supplier_id: compete.needed ? null : o.group.supplierId,
      budget_line_id: o.terms.budgetLineId,
      total: o.group.total,
      delivery_address: o.terms.deliveryAddress,
      deliver_by: o.terms.deliverBy,
      status,
      placed_by: user.id,
      applied_rules: [compete.rule],
    },
    o.groupRows.map((r, i) => ({
      number: i + 1,
      item_id: r.item_id,
      description: textIn(r.description, user.locale ?? fallback, fallback),
      classification: r.classification,
      unit: r.unit,
      quantity: r.quantity,
      unit_price: Number(r.unit_price),
    })),
  );
  await deps.audit.record(tx, tenant, actor.audit, {
    action: 'order.placed',
    target: { type: 'delivery-order', id },
    summary: {
      orderNo,
      kind: 'call-off',
      agreement: o.agreement.id,
      supplier: compete.needed ? null : o.group.supplierId,
      budgetLine: o.terms.budgetLineId,
      total: o.group.total,
      status,
      rules: [compete.rule],
    },
  });
  if (compete.needed) {
    await startSecondCompetition(tx, deps, actor, { id, orderNo, agreementId: o.agreement.id }, o.at);
  } else {
    await mailEach(
      deps,
      tx,
      tenant,
      await supplierUsers(tx, o.group.supplierId),
      { template: 'orders:mail_placed' },
      (lng) => ({
        order: orderNo,
        total: moneyText(tenant, lng, o.group.total),
        deliverBy: mailFormats(tenant, lng).day(o.terms.deliverBy),
      }),
    );
  }
  return { id, orderNo, status, total: o.group.total };
}
