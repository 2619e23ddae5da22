/**
 * The catalog and product pages as the reader sees them: names in the reader's language (else the
 * tenant's default), prices in the tenant's currency, the count in words, each entry's kind, and
 * the filter form as it was sent, with a message next to each field it could not read.
 */
import { can } from '../identity/policy.js';
import type { SessionUser } from '../identity/users.js';
import type { Reader } from '../transparency/formats.js';
import type { CatalogEntry, CatalogPage, FilterChoices } from './catalog-read.js';
import type { Product } from './product-read.js';
import type { Refusal } from './query-step.js';
import { KINDS, SORTS, type CatalogFilter } from './schema.js';

/** What the reader sent: raw text for the fields a refusal gives back as typed. */
export type Sent = Partial<Record<'q' | 'classification' | 'supplier' | 'kind' | 'min' | 'max' | 'sort', string>>;

const FIELDS = ['q', 'classification', 'supplier', 'kind', 'min', 'max', 'sort'] as const;

export function sentOf(query: Record<string, unknown>): Sent {
  const sent: Sent = {};
  for (const f of FIELDS) if (typeof query[f] === 'string') sent[f] = query[f].slice(0, 100);
  return sent;
}

export const mallPath = (r: Pick<Reader, 'base'>) => `${r.base}/mall`;

/** The catalog's address with these filters and another page. */
function pageHref(r: Reader, sent: Sent, page: number) {
  const params = new URLSearchParams();
  for (const f of FIELDS) if (sent[f]) params.set(f, sent[f]);
  params.set('page', String(page));
  return `${mallPath(r)}?${params.toString()}`;
}

const stockText = (r: Reader, stock: number | null) =>
  stock === null ? r.t('mall:on_order') : r.t('mall:in_stock', { count: stock, number: r.number(stock) });

const daysText = (r: Reader, days: number) => r.t('mall:delivery_days', { count: days, number: r.number(days) });

function entryView(r: Reader, e: CatalogEntry) {
  const framework = e.kind === 'framework';
  return {
    innovative: !framework,
    kindLabel: r.t(`mall:kind_${e.kind}`),
    href: framework ? `${mallPath(r)}/items/${e.id}` : `${r.base}/innovation/${e.id}`,
    name: r.text(e.name),
    classification: e.classification,
    unit: e.unit,
    priceText: r.money(e.unit_price),
    supplier: r.text(e.supplier_name),
    reference: e.reference,
    delivery: e.delivery_days === null ? undefined : daysText(r, e.delivery_days),
    stock: framework ? stockText(r, e.stock) : undefined,
  };
}

export function catalogPageModel(
  r: Reader,
  sent: Sent,
  choices: FilterChoices,
  found: (CatalogPage & { filter: CatalogFilter }) | undefined,
  refusal?: Refusal,
) {
  const page = found?.filter.page ?? 1;
  return {
    title: r.t('mall:title'),
    intro: r.t('mall:intro'),
    action: mallPath(r),
    ordersHref: `${mallPath(r)}/orders`,
    sent,
    errors: refusal?.errors ?? {},
    error: refusal?.error,
    classifications: choices.classifications.map((c) => ({ value: c, label: c, selected: c === sent.classification })),
    suppliers: choices.suppliers
      .map((s) => ({ value: s.id, label: r.text(s.name), selected: s.id === sent.supplier }))
      .sort((a, b) => a.label.localeCompare(b.label, r.lng)),
    kinds: KINDS.map((k) => ({ value: k, label: r.t(`mall:kind_${k}`), selected: k === sent.kind })),
    sorts: SORTS.map((s) => ({ value: s, label: r.t(`mall:sort_${s.replace('-', '_')}`), selected: s === sent.sort })),
    searched: found !== undefined,
    countText: found && r.t('mall:count', { count: found.total, number: r.number(found.total) }),
    entries: found?.entries.map((e) => entryView(r, e)) ?? [],
    pageText: r.t('mall:page_number', { page: r.number(page) }),
    previous: found && page > 1 ? pageHref(r, sent, page - 1) : undefined,
    next: found?.more ? pageHref(r, sent, page + 1) : undefined,
  };
}

export function productPageModel(r: Reader, product: Product, user: SessionUser | undefined) {
  const { offer, others } = product;
  const name = r.text(offer.description);
  return {
    title: name,
    name,
    backHref: mallPath(r),
    classification: offer.classification,
    unit: offer.unit,
    supplier: r.text(offer.supplier_name),
    priceText: r.money(offer.unit_price),
    ceilingText: r.money(offer.ceiling_unit_price),
    delivery: daysText(r, offer.delivery_days),
    stock: stockText(r, offer.stock),
    priceDate: r.day(offer.updated_at),
    agreement: {
      number: offer.agreement_no,
      title: r.text(offer.title),
      period: r.t('mall:period', { from: r.day(offer.starts_on), to: r.day(offer.ends_on) }),
      href: `${r.base}/frameworks/${offer.agreement_id}`,
    },
    others: others.map((o) => ({
      href: `${mallPath(r)}/items/${o.price_id}`,
      supplier: r.text(o.supplier_name),
      priceText: r.money(o.unit_price),
      delivery: daysText(r, o.delivery_days),
      stock: stockText(r, o.stock),
    })),
    // The agency's buyers order; the cart itself belongs to the orders pages.
    canOrder: can(user, 'notices:manage'),
    cartAction: `${mallPath(r)}/cart/items`,
    priceId: offer.price_id,
  };
}
