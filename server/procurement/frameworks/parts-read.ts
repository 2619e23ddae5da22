/** The parts of an agreement as read for its pages and API: items, parties with their prices, price changes. */
import type { Knex } from 'knex';

export interface ItemView {
  id: string;
  number: number;
  classification: string;
  description: Record<string, string>;
  unit: string;
  ceilingUnitPrice: number;
  estimatedQuantity: number;
}

export interface PriceView {
  id: string;
  itemId: string;
  itemNumber: number;
  unitPrice: number;
  deliveryDays: number;
  stock: number | null;
  version: number;
  updatedAt: Date;
}

export interface PartyView {
  id: string;
  supplierId: string;
  supplierName: Record<string, string>;
  registrationNo: string;
  rank: number;
  status: string;
  prices: PriceView[];
}

export interface ChangeView {
  id: string;
  priceId: string;
  itemNumber: number;
  supplierName: Record<string, string>;
  kind: string;
  fromPrice: number;
  toPrice: number;
  reason: string;
  status: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export async function itemsOf(tx: Knex.Transaction, agreementId: string): Promise<ItemView[]> {
  const rows = await tx('framework_items').where({ agreement_id: agreementId }).orderBy('number');
  return rows.map((i: Record<string, unknown>) => ({
    id: i.id as string,
    number: i.number as number,
    classification: i.classification as string,
    description: i.description as Record<string, string>,
    unit: i.unit as string,
    ceilingUnitPrice: Number(i.ceiling_unit_price),
    estimatedQuantity: i.estimated_quantity as number,
  }));
}

/** The parties with their price lists (none before conclusion). */
export async function partiesOf(tx: Knex.Transaction, agreementId: string, supplierId?: string): Promise<PartyView[]> {
  const parties = await tx('framework_parties as p')
    .join('suppliers as s', 's.id', 'p.supplier_id')
    .where('p.agreement_id', agreementId)
    .modify((q) => (supplierId ? q.where('p.supplier_id', supplierId) : q))
    .orderBy('p.rank')
    .select<Record<string, unknown>[]>(
      'p.id',
      'p.supplier_id',
      's.legal_name',
      's.registration_no',
      'p.rank',
      'p.status',
    );
  const prices = await tx('framework_prices as fp')
    .join('framework_items as i', 'i.id', 'fp.item_id')
    .whereIn(
      'fp.party_id',
      parties.map((p) => p.id as string),
    )
    .orderBy('i.number')
    .select<Record<string, unknown>[]>('fp.*', 'i.number as item_number');
  return parties.map((p) => ({
    id: p.id as string,
    supplierId: p.supplier_id as string,
    supplierName: p.legal_name as Record<string, string>,
    registrationNo: p.registration_no as string,
    rank: p.rank as number,
    status: p.status as string,
    prices: prices
      .filter((fp) => fp.party_id === p.id)
      .map((fp) => ({
        id: fp.id as string,
        itemId: fp.item_id as string,
        itemNumber: fp.item_number as number,
        unitPrice: Number(fp.unit_price),
        deliveryDays: fp.delivery_days as number,
        stock: fp.stock === null ? null : Number(fp.stock),
        version: fp.version as number,
        updatedAt: fp.updated_at as Date,
      })),
  }));
}

export async function changesOf(tx: Knex.Transaction, agreementId: string, supplierId?: string): Promise<ChangeView[]> {
  const rows = await tx('framework_price_changes as c')
    .join('framework_prices as fp', 'fp.id', 'c.price_id')
    .join('framework_items as i', 'i.id', 'fp.item_id')
    .join('framework_parties as p', 'p.id', 'fp.party_id')
    .join('suppliers as s', 's.id', 'p.supplier_id')
    .where('p.agreement_id', agreementId)
    .modify((q) => (supplierId ? q.where('p.supplier_id', supplierId) : q))
    .orderBy('c.requested_at', 'desc')
    .select<Record<string, unknown>[]>('c.*', 'i.number as item_number', 's.legal_name');
  return rows.map((c) => ({
    id: c.id as string,
    priceId: c.price_id as string,
    itemNumber: c.item_number as number,
    supplierName: c.legal_name as Record<string, string>,
    kind: c.kind as string,
    fromPrice: Number(c.from_price),
    toPrice: Number(c.to_price),
    reason: c.reason as string,
    status: c.status as string,
    requestedAt: c.requested_at as Date,
    decidedAt: (c.decided_at as Date | null) ?? null,
    decisionNote: (c.decision_note as string | null) ?? null,
  }));
}
