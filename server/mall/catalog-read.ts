/**
 * The mall's catalog as it is read: each item of an agreement in force (active, today within its
 * period) offered by each of its active parties at that party's current price, and each innovative
 * product whose designation is in force, as a kind of its own. Keywords match the words and
 * character pairs indexed in `search_terms` (server/search/terms.ts), so a Korean word with its
 * particle, Khmer and Arabic-script words find what they name. A page holds at most PAGE_SIZE
 * entries, whoever asks: the catalog is anonymous work.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { catalogTerms } from './query-terms.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { CatalogFilter } from './schema.js';

export const PAGE_SIZE = 20;

export type LocalizedText = Record<string, string>;

export interface CatalogEntry {
  kind: 'framework' | 'innovative';
  /** The price's id (a framework entry) or the product's (an innovative one). */
  id: string;
  name: LocalizedText;
  classification: string;
  unit: string;
  unit_price: string;
  ceiling_unit_price: string | null;
  delivery_days: number | null;
  stock: number | null;
  supplier_id: string;
  supplier_name: LocalizedText;
  reference: string;
  total: string;
}

export interface CatalogPage {
  entries: CatalogEntry[];
  total: number;
  more: boolean;
}

/** The tenant's calendar day now (the clock a sandbox may have moved), as agreements' periods are written. */
export const today = (zone: string) => ['(app_now() at time zone ?)::date', [zone]] as const;

/** Offers under agreements in force, by active parties. */
export function frameworkOffers(tx: Knex.Transaction, zone: string) {
  const [day, bindings] = today(zone);
  return tx('framework_prices as fp')
    .join('framework_parties as p', 'p.id', 'fp.party_id')
    .join('framework_items as fi', function () {
      this.on('fi.id', 'fp.item_id').andOn('fi.agreement_id', 'p.agreement_id');
    })
    .join('framework_agreements as fa', 'fa.id', 'fi.agreement_id')
    .join('suppliers as s', 's.id', 'p.supplier_id')
    .where('p.status', 'active')
    .where('fa.status', 'active')
    .whereRaw(`${day} between fa.starts_on and fa.ends_on`, bindings);
}

/** Innovative products whose designation is in force. */
export function productsInForce(tx: Knex.Transaction, zone: string) {
  const [day, bindings] = today(zone);
  return tx('innovative_products as ip')
    .join('suppliers as s', 's.id', 'ip.supplier_id')
    .where('ip.status', 'designated')
    .whereRaw(`${day} between ip.designated_from and ip.designated_until`, bindings);
}

function narrowed(q: Knex.QueryBuilder, f: CatalogFilter, terms: string[], alias: string, price: string) {
  if (terms.length > 0) q.whereRaw(`${alias}.search_terms @> ?::text[]`, [terms]);
  if (f.classification) q.where(`${alias}.classification`, f.classification);
  if (f.supplier) q.where('s.id', f.supplier);
  if (f.min !== undefined) q.where(price, '>=', f.min);
  if (f.max !== undefined) q.where(price, '<=', f.max);
  return q;
}

const ORDER: Record<CatalogFilter['sort'], string> = {
  relevance: 'kind, classification, unit_price, id',
  'price-asc': 'unit_price, id',
  'price-desc': 'unit_price desc, id',
};

/** One page of the catalog, with how many entries match in all. */
export async function searchCatalog(actor: Actor, f: CatalogFilter, lng: string): Promise<CatalogPage> {
  const zone = actor.tenant.config.timeZone;
  const terms = f.q ? catalogTerms(f.q, lng) : [];
  const rows = await inTenant(actor.tenant, (tx) => {
    const parts: Knex.QueryBuilder[] = [];
    if (f.kind !== 'innovative')
      parts.push(
        narrowed(frameworkOffers(tx, zone), f, terms, 'fi', 'fp.unit_price').select(
          tx.raw(`'framework' as kind`),
          'fp.id',
          'fi.description as name',
          'fi.classification',
          'fi.unit',
          'fp.unit_price',
          'fi.ceiling_unit_price',
          'fp.delivery_days',
          'fp.stock',
          's.id as supplier_id',
          's.legal_name as supplier_name',
          'fa.agreement_no as reference',
        ),
      );
    if (f.kind !== 'framework')
      parts.push(
        narrowed(productsInForce(tx, zone), f, terms, 'ip', 'ip.unit_price').select(
          tx.raw(`'innovative' as kind`),
          'ip.id',
          'ip.name',
          'ip.classification',
          'ip.unit',
          'ip.unit_price',
          tx.raw('null::bigint as ceiling_unit_price'),
          tx.raw('null::int as delivery_days'),
          tx.raw('null::int as stock'),
          's.id as supplier_id',
          's.legal_name as supplier_name',
          'ip.designation_no as reference',
        ),
      );
    const union = parts.map((p) => p.toSQL());
    const sql = union.map((u) => `(${u.sql})`).join(' union all ');
    return tx.raw<{ rows: CatalogEntry[] }>(
      `select e.*, count(*) over () as total from (${sql}) as e order by ${ORDER[f.sort]} limit ? offset ?`,
      [...union.flatMap((u) => u.bindings as unknown[]), PAGE_SIZE, (f.page - 1) * PAGE_SIZE] as Knex.RawBinding[],
    );
  });
  const entries = rows.rows;
  const total = entries.length > 0 ? Number(entries[0]!.total) : 0;
  return { entries, total, more: f.page * PAGE_SIZE < total };
}

export interface FilterChoices {
  classifications: string[];
  suppliers: { id: string; name: LocalizedText }[];
}

/** The classifications and suppliers the catalog offers today, for its filter form. */
export async function readCatalogChoices(actor: Actor): Promise<FilterChoices> {
  const zone = actor.tenant.config.timeZone;
  return inTenant(actor.tenant, async (tx) => {
    type Choice = { classification: string; id: string; legal_name: LocalizedText };
    const offers: Choice[] = await frameworkOffers(tx, zone).distinct('fi.classification', 's.id', 's.legal_name');
    const products: Choice[] = await productsInForce(tx, zone).distinct('ip.classification', 's.id', 's.legal_name');
    const all = [...offers, ...products];
    const suppliers = new Map(all.map((r) => [r.id, r.legal_name]));
    return {
      classifications: [...new Set(all.map((r) => r.classification))].sort(),
      suppliers: [...suppliers].map(([id, name]) => ({ id, name })),
    };
  });
}
