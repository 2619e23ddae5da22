/**
 * What buyers and suppliers read of orders: the agency's orders, the supplier's incoming orders
 * and invitations, and one order with its lines, budget line, competition and contract. While a
 * competition is open nobody reads a price of it: quotes are sealed, and the lines' agreement
 * prices are shown to the buyer only (each party sees its own agreement price as its ceiling).
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can, ForbiddenError, UnauthenticatedError } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { OrderNotFoundError } from './errors.js';

export interface OrderSummary {
  id: string;
  orderNo: string;
  kind: 'call-off' | 'innovative';
  status: string;
  total: number | null;
  placedAt: Date;
  deliverBy: string;
  supplier: Record<string, string> | null;
  contractId: string | null;
}

interface SummaryRow {
  id: string;
  order_no: string;
  kind: 'call-off' | 'innovative';
  status: string;
  total: string;
  placed_at: Date;
  deliver_by: string;
  legal_name: Record<string, string> | null;
  contract_id: string | null;
}

const summaryOf = (r: SummaryRow, showTotal = true): OrderSummary => ({
  id: r.id,
  orderNo: r.order_no,
  kind: r.kind,
  status: r.status,
  total: showTotal ? Number(r.total) : null,
  placedAt: r.placed_at,
  deliverBy: r.deliver_by,
  supplier: r.legal_name,
  contractId: r.contract_id,
});

function summaries(tx: Knex.Transaction) {
  return tx('delivery_orders as o')
    .leftJoin('suppliers as s', 's.id', 'o.supplier_id')
    .orderBy('o.placed_at', 'desc')
    .limit(200)
    .select<SummaryRow[]>(
      'o.id',
      'o.order_no',
      'o.kind',
      'o.status',
      'o.total',
      'o.placed_at',
      tx.raw('o.deliver_by::text as deliver_by'),
      's.legal_name',
      'o.contract_id',
    );
}

/** The orders of the officer's agency. */
export async function agencyOrders(actor: Actor): Promise<OrderSummary[]> {
  const user = actor.user;
  assertCan(user, 'notices:manage');
  return inTenant(actor.tenant, async (tx) =>
    (await summaries(tx).where('o.agency_id', user.agencyId)).map((r) => summaryOf(r)),
  );
}

/** The supplier's orders awaiting its decision, and the open competitions it is invited to. */
export async function incomingOrders(actor: Actor): Promise<{ awaiting: OrderSummary[]; invited: OrderSummary[] }> {
  const user = actor.user;
  assertCan(user, 'invoices:submit');
  return inTenant(actor.tenant, async (tx) => {
    const awaiting = await summaries(tx).where({ 'o.supplier_id': user.supplierId, 'o.status': 'awaiting-supplier' });
    const invited = await summaries(tx)
      .join('second_competitions as sc', 'sc.order_id', 'o.id')
      .join('framework_parties as fp', 'fp.agreement_id', 'o.agreement_id')
      .where({ 'sc.status': 'open', 'fp.supplier_id': user.supplierId, 'fp.status': 'active' });
    return { awaiting: awaiting.map((r) => summaryOf(r)), invited: invited.map((r) => summaryOf(r, false)) };
  });
}

export interface OrderLineView {
  number: number;
  description: string;
  classification: string;
  unit: string;
  quantity: number;
  unitPrice: number | null;
  amount: number | null;
}

export interface RankedQuote {
  rank: number;
  receiptNo: string;
  supplier: Record<string, string>;
  submittedAt: Date;
  total: number | null;
  winner: boolean;
}

export interface OrderDetail extends OrderSummary {
  role: 'buyer' | 'supplier' | 'invited';
  deliveryAddress: string;
  declineReason: string | null;
  lines: OrderLineView[];
  budgetLine: { code: string; label: Record<string, string> } | null;
  agreementNo: string | null;
  contractNo: string | null;
  /** For an invited party while the competition is open: its own agreement price per line number. */
  ceilings: Record<number, number>;
  competition: {
    closesAt: Date;
    status: 'open' | 'opened' | 'failed';
    open: boolean;
    quotes: RankedQuote[];
    /** The caller's current quote (its receipt, never its prices), for a supplier. */
    ownReceipt: { receiptNo: string; sha256: string; submittedAt: Date } | null;
  } | null;
}

type DetailRow = SummaryRow & {
  agency_id: string;
  supplier_id: string | null;
  agreement_id: string | null;
  delivery_address: string;
  decline_reason: string | null;
  budget_line_id: string;
};

async function roleOn(tx: Knex.Transaction, actor: Actor, order: DetailRow): Promise<OrderDetail['role']> {
  const user = actor.user;
  if (!user) throw new UnauthenticatedError();
  if (can(user, 'notices:manage', order.agency_id)) return 'buyer';
  if (order.supplier_id && can(user, 'invoices:submit', order.supplier_id)) return 'supplier';
  if (order.agreement_id && can(user, 'invoices:submit')) {
    const invited = await tx('second_competitions as sc')
      .join('framework_parties as fp', 'fp.agreement_id', tx.raw('?', [order.agreement_id]))
      .where({ 'sc.order_id': order.id, 'fp.supplier_id': user.supplierId })
      .first<{ id: string } | undefined>('sc.id');
    if (invited) return 'invited';
  }
  throw new ForbiddenError('orders:read');
}

async function competitionOf(tx: Knex.Transaction, actor: Actor, orderId: string): Promise<OrderDetail['competition']> {
  const c = await tx('second_competitions')
    .where({ order_id: orderId })
    .first<{ id: string; closes_at: Date; status: 'open' | 'opened' | 'failed'; winner_quote_id: string | null }>();
  if (!c) return null;
  const own = actor.user?.supplierId
    ? await tx('competition_quotes')
        .where({ competition_id: c.id, supplier_id: actor.user.supplierId, status: 'current' })
        .first<{ receipt_no: string; quote_hash: string; submitted_at: Date } | undefined>()
    : undefined;
  // Before the opening no total exists in clear; none is read here either way until then.
  const quotes =
    c.status === 'open'
      ? []
      : await tx('competition_quotes as q')
          .join('suppliers as s', 's.id', 'q.supplier_id')
          .where({ 'q.competition_id': c.id, 'q.status': 'current' })
          .orderByRaw('q.total asc nulls last, q.submitted_at asc')
          .select<
            {
              id: string;
              receipt_no: string;
              legal_name: Record<string, string>;
              submitted_at: Date;
              total: string | null;
            }[]
          >('q.id', 'q.receipt_no', 's.legal_name', 'q.submitted_at', 'q.total');
  return {
    closesAt: c.closes_at,
    status: c.status,
    open: c.status === 'open',
    quotes: quotes.map((q, i) => ({
      rank: i + 1,
      receiptNo: q.receipt_no,
      supplier: q.legal_name,
      submittedAt: q.submitted_at,
      total: q.total === null ? null : Number(q.total),
      winner: q.id === c.winner_quote_id,
    })),
    ownReceipt: own ? { receiptNo: own.receipt_no, sha256: own.quote_hash, submittedAt: own.submitted_at } : null,
  };
}

/** The party's current agreement price of each line's item (the most its quote may ask). */
async function ceilingsOf(tx: Knex.Transaction, orderId: string, supplierId: string): Promise<Record<number, number>> {
  const rows = await tx('delivery_order_lines as l')
    .join('delivery_orders as o', 'o.id', 'l.order_id')
    .join('framework_parties as fp', function () {
      this.on('fp.agreement_id', 'o.agreement_id').andOn('fp.supplier_id', tx.raw('?', [supplierId]));
    })
    .join('framework_prices as p', function () {
      this.on('p.party_id', 'fp.id').andOn('p.item_id', 'l.item_id');
    })
    .where('l.order_id', orderId)
    .select<{ number: number; unit_price: string }[]>('l.number', 'p.unit_price');
  return Object.fromEntries(rows.map((r) => [r.number, Number(r.unit_price)]));
}

/** One order, for its buyer, its supplier, or a party invited to its competition. */
export async function orderDetail(actor: Actor, orderId: string): Promise<OrderDetail> {
  if (!isUuid(orderId)) throw new OrderNotFoundError();
  return inTenant(actor.tenant, async (tx) => {
    const row = await summaries(tx)
      .where('o.id', orderId)
      .select(
        'o.agency_id',
        'o.supplier_id',
        'o.agreement_id',
        'o.delivery_address',
        'o.decline_reason',
        'o.budget_line_id',
      )
      .first<DetailRow | undefined>();
    if (!row) throw new OrderNotFoundError();
    const role = await roleOn(tx, actor, row);
    const competing = row.status === 'in-competition';
    // While the parties compete, only the buyer sees the order's agreement prices.
    const prices = role === 'buyer' || !competing;
    const lines = await tx('delivery_order_lines').where({ order_id: row.id }).orderBy('number').select<
      {
        number: number;
        description: string;
        classification: string;
        unit: string;
        quantity: number;
        unit_price: string;
      }[]
    >();
    const budget =
      role === 'buyer'
        ? await tx('budget_lines')
            .where({ id: row.budget_line_id })
            .first<{ code: string; label: Record<string, string> }>()
        : null;
    const agreement = row.agreement_id
      ? await tx('framework_agreements').where({ id: row.agreement_id }).first<{ agreement_no: string }>()
      : null;
    const contract = row.contract_id
      ? await tx('contracts').where({ id: row.contract_id }).first<{ contract_no: string }>()
      : null;
    return {
      ...summaryOf(row, prices),
      role,
      deliveryAddress: row.delivery_address,
      declineReason: row.decline_reason,
      lines: lines.map((l) => ({
        number: l.number,
        description: l.description,
        classification: l.classification,
        unit: l.unit,
        quantity: l.quantity,
        unitPrice: prices ? Number(l.unit_price) : null,
        amount: prices ? Number(l.unit_price) * l.quantity : null,
      })),
      budgetLine: budget ? { code: budget.code, label: budget.label } : null,
      agreementNo: agreement?.agreement_no ?? null,
      contractNo: contract?.contract_no ?? null,
      ceilings: competing && role !== 'buyer' ? await ceilingsOf(tx, row.id, actor.user!.supplierId!) : {},
      competition: await competitionOf(tx, actor, row.id),
    };
  });
}
