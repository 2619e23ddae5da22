/**
 * An ACTIVE framework agreement written straight into the tables (the framework helper builds the
 * real award path): its tender notice (a draft, for the foreign key), items with ceiling prices,
 * parties ranked in order and each party's price list, as an award would leave them
 * (migrations/tenant/20261211-0100). Also a designated innovative product (20261211-0300) and a
 * budget line (20261211-0200), for the order tests.
 */
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { Bidder } from './bidders.js';
import { buildNotice, type TenderWorld } from './factories.js';

export interface FrameworkItemSpec {
  description: string;
  unit?: string;
  ceiling: number;
}

export interface FrameworkSpec {
  items: FrameworkItemSpec[];
  /** Each party with its unit price per item (same order as `items`), optionally its stock. */
  parties: { supplier: Bidder; prices: number[]; stock?: (number | null)[] }[];
  maxValue: number;
  startsOn: string;
  endsOn: string;
}

export interface BuiltFramework {
  agreementId: string;
  agreementNo: string;
  itemIds: string[];
  parties: { partyId: string; supplierId: string; priceIds: string[] }[];
}

export async function buildFramework(world: TenderWorld, spec: FrameworkSpec): Promise<BuiltFramework> {
  const notice = await buildNotice(world, {
    state: 'draft',
    fields: { submissionDeadline: '2026-12-20T10:00', openingAt: '2026-12-20T11:00' },
  });
  const lng = world.tenant.config.locales.default;
  return inTenant(world.tenant, async (tx) => {
    const officer = await tx('users')
      .where({ email: `officer@${world.slug}.demo` })
      .first<{ id: string; agency_id: string }>('id', 'agency_id');
    // Numbered from the table's own sequence, as the services number them, so fixtures never collide.
    const { rows } = await tx.raw<{ rows: { n: string }[] }>(`select nextval('framework_agreement_serial') as n`);
    const agreementNo = `FA-2026-${rows[0]!.n.padStart(6, '0')}`;
    const [agreement] = await tx('framework_agreements')
      .insert({
        agreement_no: agreementNo,
        notice_id: notice.id,
        agency_id: officer.agency_id,
        title: JSON.stringify({ [lng]: 'Office supplies', en: 'Office supplies' }),
        category: 'goods',
        starts_on: spec.startsOn,
        ends_on: spec.endsOn,
        max_value: spec.maxValue,
        max_parties: Math.max(spec.parties.length, 1),
        status: 'active',
        created_by: officer.id,
        concluded_at: tx.raw('app_now()'),
      })
      .returning<{ id: string }[]>('id');
    const itemIds: string[] = [];
    for (const [i, item] of spec.items.entries()) {
      const [row] = await tx('framework_items')
        .insert({
          agreement_id: agreement!.id,
          number: i + 1,
          classification: '44121700',
          description: JSON.stringify({ [lng]: item.description, en: item.description }),
          unit: item.unit ?? 'EA',
          ceiling_unit_price: item.ceiling,
          estimated_quantity: 1000,
        })
        .returning<{ id: string }[]>('id');
      itemIds.push(row!.id);
    }
    const parties: BuiltFramework['parties'] = [];
    for (const [rank, party] of spec.parties.entries()) {
      const [row] = await tx('framework_parties')
        .insert({ agreement_id: agreement!.id, supplier_id: party.supplier.supplierId, rank: rank + 1 })
        .returning<{ id: string }[]>('id');
      const priceIds: string[] = [];
      for (const [i, price] of party.prices.entries()) {
        const [p] = await tx('framework_prices')
          .insert({ party_id: row!.id, item_id: itemIds[i], unit_price: price, stock: party.stock?.[i] ?? null })
          .returning<{ id: string }[]>('id');
        priceIds.push(p!.id);
      }
      parties.push({ partyId: row!.id, supplierId: party.supplier.supplierId, priceIds });
    }
    return { agreementId: agreement!.id, agreementNo, itemIds, parties };
  });
}

/** A designated innovative product of `supplier`, in force from `from` to `until`. */
export async function buildInnovativeProduct(
  world: TenderWorld,
  supplier: Bidder,
  spec: { unitPrice: number; from: string; until: string; name?: string },
): Promise<string> {
  const lng = world.tenant.config.locales.default;
  return inTenant(world.tenant, async (tx) => {
    const officer = await tx('users')
      .where({ email: `officer@${world.slug}.demo` })
      .first<{ id: string }>('id');
    const { rows } = await tx.raw<{ rows: { n: string }[] }>(`select nextval('innovative_designation_serial') as n`);
    const name = spec.name ?? 'Smart water meter';
    const [row] = await tx('innovative_products')
      .insert({
        designation_no: `IP-2026-${rows[0]!.n.padStart(6, '0')}`,
        supplier_id: supplier.supplierId,
        name: JSON.stringify({ [lng]: name, en: name }),
        description: JSON.stringify({ [lng]: name, en: name }),
        classification: '41112500',
        unit: 'EA',
        unit_price: spec.unitPrice,
        evidence: 'Performance certificate of the innovation agency',
        designated_from: spec.from,
        designated_until: spec.until,
        designated_by: officer.id,
        applied_rules: ['innovative-products v1'],
      })
      .returning<{ id: string }[]>('id');
    return row!.id;
  });
}
