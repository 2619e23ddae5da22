/**
 * Everything public about one delivery order, a contracting process of its own: the buyer, the
 * lines, the supplier once known, the contract once accepted, and what it follows (the framework
 * notice of a call-off, the designation of an innovative product). Of a second competition only
 * its deadline, and after the opening the number of quotes: a sealed quote is never read here.
 */
import type { Knex } from 'knex';
import { readOrderContracts, type ContractFacts } from './contract-read.js';
import { agency, supplier, type AgencyFacts, type Localized, type SupplierFacts } from './parties-read.js';

export interface OrderFacts {
  id: string;
  orderNo: string;
  kind: 'call-off' | 'innovative';
  status: string;
  agency: AgencyFacts;
  supplier: SupplierFacts | null;
  total: number;
  placedAt: Date;
  decidedAt: Date | null;
  deliverBy: string;
  declineReason: string | null;
  framework: { noticeId: string; agreementNo: string; title: Localized } | null;
  product: { designationNo: string; name: Localized } | null;
  lines: {
    number: number;
    description: string;
    classification: string;
    unit: string;
    quantity: number;
    unitPrice: number;
  }[];
  competition: { closesAt: Date; status: string; openedAt: Date | null; quotes: number | null } | null;
  contracts: ContractFacts[];
}

interface OrderRow {
  id: string;
  order_no: string;
  kind: 'call-off' | 'innovative';
  status: string;
  agency_id: string;
  agreement_id: string | null;
  product_id: string | null;
  supplier_id: string | null;
  total: string;
  placed_at: Date;
  decided_at: Date | null;
  deliver_by: string;
  decline_reason: string | null;
}

async function competitionOf(tx: Knex.Transaction, orderId: string): Promise<OrderFacts['competition']> {
  const c = await tx('second_competitions')
    .where({ order_id: orderId })
    .first<{ id: string; closes_at: Date; status: string; opened_at: Date | null } | undefined>(
      'id',
      'closes_at',
      'status',
      'opened_at',
    );
  if (!c) return null;
  // Before the opening nothing of the quotes is public, not even how many arrived.
  const quotes =
    c.status === 'opened'
      ? Number(
          (
            await tx('competition_quotes')
              .where({ competition_id: c.id, status: 'current' })
              .count<{ n: string }[]>('id as n')
          )[0]!.n,
        )
      : null;
  return { closesAt: c.closes_at, status: c.status, openedAt: c.opened_at, quotes };
}

/** The public state of an order's process, or undefined for an order that does not exist. */
export async function readOrder(tx: Knex.Transaction, orderId: string): Promise<OrderFacts | undefined> {
  const o = await tx('delivery_orders')
    .where({ id: orderId })
    .first<OrderRow | undefined>(
      'id',
      'order_no',
      'kind',
      'status',
      'agency_id',
      'agreement_id',
      'product_id',
      'supplier_id',
      'total',
      'placed_at',
      'decided_at',
      tx.raw(`to_char(deliver_by, 'YYYY-MM-DD') as deliver_by`),
      'decline_reason',
    );
  if (!o) return undefined;
  const framework = o.agreement_id
    ? await tx('framework_agreements')
        .where({ id: o.agreement_id })
        .first<{ notice_id: string; agreement_no: string; title: Localized }>('notice_id', 'agreement_no', 'title')
    : undefined;
  const product = o.product_id
    ? await tx('innovative_products')
        .where({ id: o.product_id })
        .first<{ designation_no: string; name: Localized }>('designation_no', 'name')
    : undefined;
  const lines = await tx('delivery_order_lines').where({ order_id: o.id }).orderBy('number').select<
    {
      number: number;
      description: string;
      classification: string;
      unit: string;
      quantity: number;
      unit_price: string;
    }[]
  >('number', 'description', 'classification', 'unit', 'quantity', 'unit_price');
  return {
    id: o.id,
    orderNo: o.order_no,
    kind: o.kind,
    status: o.status,
    agency: await agency(tx, o.agency_id),
    supplier: o.supplier_id ? await supplier(tx, o.supplier_id) : null,
    total: Number(o.total),
    placedAt: o.placed_at,
    decidedAt: o.decided_at,
    deliverBy: o.deliver_by,
    declineReason: o.decline_reason,
    framework: framework
      ? { noticeId: framework.notice_id, agreementNo: framework.agreement_no, title: framework.title }
      : null,
    product: product ? { designationNo: product.designation_no, name: product.name } : null,
    lines: lines.map(({ unit_price, ...l }) => ({ ...l, unitPrice: Number(unit_price) })),
    competition: await competitionOf(tx, o.id),
    contracts: await readOrderContracts(tx, o.id),
  };
}
