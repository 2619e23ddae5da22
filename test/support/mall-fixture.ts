/**
 * The mall's data written as the other features would leave it, with SQL: a framework agreement
 * with its items, parties and price lists (as the award writes them), an innovative product as a
 * designation writes it, and accepted (or other) delivery orders with their budget line. The
 * agreement hangs on a draft notice of the demo agency: the mall reads agreements, not tenders.
 */
import { indexTerms } from '../../server/search/terms.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { Bidder } from './bidders.js';
import { buildNotice, buildSuppliers, type TenderWorld } from './factories.js';

export interface ItemSpec {
  classification: string;
  description: Record<string, string>;
  unit: string;
  ceiling: number;
  /** One unit price per party, in order; null where the party has no price for the item. */
  prices: (number | null)[];
  stock?: (number | null)[];
}

export interface AgreementSpec {
  agreementNo: string;
  title: Record<string, string>;
  status?: 'active' | 'expired' | 'terminated' | 'tendering';
  startsOn: string;
  endsOn: string;
  items: ItemSpec[];
  /** The parties: fresh suppliers unless given; `partyStatus` per party (active by default). */
  suppliers?: Bidder[];
  partyStatus?: ('active' | 'suspended' | 'withdrawn')[];
}

export interface BuiltAgreement {
  id: string;
  suppliers: Bidder[];
  /** price ids by item index, then party index (null where no price). */
  prices: (string | null)[][];
}

const terms = (texts: Record<string, string>) =>
  indexTerms(Object.entries(texts).map(([lng, text]) => ({ text, lng })));

async function officerOf(world: TenderWorld): Promise<{ id: string; agency_id: string }> {
  return inTenant(world.tenant, (tx) =>
    tx('users')
      .where({ email: `officer@${world.slug}.demo` })
      .first('id', 'agency_id'),
  );
}

export async function buildAgreement(world: TenderWorld, spec: AgreementSpec): Promise<BuiltAgreement> {
  const partyCount = Math.max(...spec.items.map((i) => i.prices.length));
  const suppliers = spec.suppliers ?? (await buildSuppliers(world, partyCount));
  const notice = await buildNotice(world, {
    state: 'draft',
    fields: { submissionDeadline: '2027-12-01T10:00', openingAt: '2027-12-01T11:00' },
  });
  const officer = await officerOf(world);
  return inTenant(world.tenant, async (tx) => {
    const [agreement] = await tx('framework_agreements')
      .insert({
        agreement_no: spec.agreementNo,
        notice_id: notice.id,
        agency_id: officer.agency_id,
        title: spec.title,
        category: 'goods',
        starts_on: spec.startsOn,
        ends_on: spec.endsOn,
        max_value: 10_000_000_000,
        max_parties: 5,
        status: spec.status ?? 'active',
        created_by: officer.id,
      })
      .returning('id');
    const parties: string[] = [];
    for (const [i, s] of suppliers.entries()) {
      const [party] = await tx('framework_parties')
        .insert({
          agreement_id: agreement.id,
          supplier_id: s.supplierId,
          rank: i + 1,
          status: spec.partyStatus?.[i] ?? 'active',
        })
        .returning('id');
      parties.push(party.id as string);
    }
    const prices: (string | null)[][] = [];
    for (const [n, item] of spec.items.entries()) {
      const [row] = await tx('framework_items')
        .insert({
          agreement_id: agreement.id,
          number: n + 1,
          classification: item.classification,
          description: item.description,
          unit: item.unit,
          ceiling_unit_price: item.ceiling,
          estimated_quantity: 100,
          search_terms: terms(item.description),
        })
        .returning('id');
      const ids: (string | null)[] = [];
      for (const [p, price] of item.prices.entries()) {
        if (price === null) {
          ids.push(null);
          continue;
        }
        const [priced] = await tx('framework_prices')
          .insert({
            party_id: parties[p],
            item_id: row.id,
            unit_price: price,
            delivery_days: 7 + p * 3,
            stock: item.stock?.[p] ?? null,
          })
          .returning('id');
        ids.push(priced.id as string);
      }
      prices.push(ids);
    }
    return { id: agreement.id as string, suppliers, prices };
  });
}

export interface ProductSpec {
  designationNo: string;
  supplier: Bidder;
  name: Record<string, string>;
  classification: string;
  unit: string;
  unitPrice: number;
  from: string;
  until: string;
  status?: 'designated' | 'revoked';
}

export async function buildInnovativeProduct(world: TenderWorld, spec: ProductSpec): Promise<string> {
  const officer = await officerOf(world);
  return inTenant(world.tenant, async (tx) => {
    const [row] = await tx('innovative_products')
      .insert({
        designation_no: spec.designationNo,
        supplier_id: spec.supplier.supplierId,
        name: spec.name,
        description: spec.name,
        classification: spec.classification,
        unit: spec.unit,
        unit_price: spec.unitPrice,
        evidence: 'Performance certificate',
        designated_from: spec.from,
        designated_until: spec.until,
        status: spec.status ?? 'designated',
        designated_by: officer.id,
        search_terms: terms(spec.name),
      })
      .returning('id');
    return row.id as string;
  });
}

export interface OrderSpec {
  orderNo: string;
  agreementId?: string;
  productId?: string;
  supplier: Bidder;
  total: number;
  status: 'accepted' | 'awaiting-supplier' | 'declined' | 'in-competition';
  placedAt: string;
  /** A second competition chose the supplier. */
  competed?: boolean;
}

/** An order of the demo agency, charged to its budget line of the order's year. */
export async function buildOrder(world: TenderWorld, spec: OrderSpec): Promise<string> {
  const officer = await officerOf(world);
  return inTenant(world.tenant, async (tx) => {
    const year = Number(spec.placedAt.slice(0, 4));
    await tx('budget_lines')
      .insert({
        agency_id: officer.agency_id,
        fiscal_year: year,
        code: 'MALL-01',
        label: { en: 'Office supplies' },
        amount: 1_000_000_000_000,
      })
      .onConflict(['agency_id', 'fiscal_year', 'code'])
      .ignore();
    const line = await tx('budget_lines')
      .where({ agency_id: officer.agency_id, fiscal_year: year, code: 'MALL-01' })
      .first('id');
    const [order] = await tx('delivery_orders')
      .insert({
        order_no: spec.orderNo,
        kind: spec.productId ? 'innovative' : 'call-off',
        agency_id: officer.agency_id,
        agreement_id: spec.agreementId ?? null,
        product_id: spec.productId ?? null,
        supplier_id: spec.supplier.supplierId,
        budget_line_id: line.id,
        total: spec.total,
        delivery_address: 'Main office',
        deliver_by: spec.placedAt.slice(0, 10),
        status: spec.status,
        placed_by: officer.id,
        placed_at: spec.placedAt,
      })
      .returning('id');
    if (spec.competed)
      await tx('second_competitions').insert({
        order_id: order.id,
        closes_at: spec.placedAt,
        status: 'opened',
        opened_at: spec.placedAt,
      });
    return order.id as string;
  });
}
