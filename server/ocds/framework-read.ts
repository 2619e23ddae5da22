/**
 * A framework agreement as its tender's release shows it: the items with their units and ceiling
 * prices, and once concluded each party with its price list. Prices are read from the agreement's
 * own tables, written at the award from opened bids (never from a sealed bid).
 */
import type { Knex } from 'knex';
import { supplier, type Localized, type SupplierFacts } from './parties-read.js';

export interface FrameworkFacts {
  id: string;
  agreementNo: string;
  title: Localized;
  status: string;
  startsOn: string;
  endsOn: string;
  maxValue: number;
  maxParties: number;
  concludedAt: Date | null;
  items: {
    id: string;
    number: number;
    classification: string;
    description: Localized;
    unit: string;
    ceilingUnitPrice: number;
    estimatedQuantity: number;
  }[];
  parties: {
    id: string;
    rank: number;
    status: string;
    joinedAt: Date;
    supplier: SupplierFacts;
    prices: { itemId: string; unitPrice: number }[];
  }[];
}

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** The agreement of a framework notice, or null for any other notice. */
export async function readFramework(tx: Knex.Transaction, noticeId: string): Promise<FrameworkFacts | null> {
  const a = await tx('framework_agreements')
    .where({ notice_id: noticeId })
    .first<
      | {
          id: string;
          agreement_no: string;
          title: Localized;
          status: string;
          starts_on: string;
          ends_on: string;
          max_value: string;
          max_parties: number;
          concluded_at: Date | null;
        }
      | undefined
    >(
      'id',
      'agreement_no',
      'title',
      'status',
      tx.raw(`${day('starts_on')} as starts_on`),
      tx.raw(`${day('ends_on')} as ends_on`),
      'max_value',
      'max_parties',
      'concluded_at',
    );
  if (!a) return null;
  const items = await tx('framework_items').where({ agreement_id: a.id }).orderBy('number').select<
    {
      id: string;
      number: number;
      classification: string;
      description: Localized;
      unit: string;
      ceiling_unit_price: string;
      estimated_quantity: number;
    }[]
  >('id', 'number', 'classification', 'description', 'unit', 'ceiling_unit_price', 'estimated_quantity');
  // Parties exist from the conclusion on: their prices were opened then.
  const partyRows = await tx('framework_parties')
    .where({ agreement_id: a.id })
    .orderBy('rank')
    .select<{ id: string; rank: number; status: string; joined_at: Date; supplier_id: string }[]>(
      'id',
      'rank',
      'status',
      'joined_at',
      'supplier_id',
    );
  const parties: FrameworkFacts['parties'] = [];
  for (const party of partyRows) {
    const prices = await tx('framework_prices')
      .where({ party_id: party.id })
      .select<{ item_id: string; unit_price: string }[]>('item_id', 'unit_price');
    parties.push({
      id: party.id,
      rank: party.rank,
      status: party.status,
      joinedAt: party.joined_at,
      supplier: await supplier(tx, party.supplier_id),
      prices: prices.map((p) => ({ itemId: p.item_id, unitPrice: Number(p.unit_price) })),
    });
  }
  return {
    id: a.id,
    agreementNo: a.agreement_no,
    title: a.title,
    status: a.status,
    startsOn: a.starts_on,
    endsOn: a.ends_on,
    maxValue: Number(a.max_value),
    maxParties: a.max_parties,
    concludedAt: a.concluded_at,
    items: items.map((i) => ({
      id: i.id,
      number: i.number,
      classification: i.classification,
      description: i.description,
      unit: i.unit,
      ceilingUnitPrice: Number(i.ceiling_unit_price),
      estimatedQuantity: i.estimated_quantity,
    })),
    parties,
  };
}
