/** The what-was-ordered list as a page (filters, table, pager, download link) and as a CSV sheet. */
import type { Sheet } from '../exports/spreadsheet.js';
import { directionOf } from '../i18n/languages.js';
import type { Reader } from '../transparency/formats.js';
import type { LocalizedText } from './catalog-read.js';
import { mallPath } from './catalog-view.js';
import { ORDERS_DOWNLOAD, type OrderRow } from './orders-read.js';
import type { Refusal } from './query-step.js';

export type SentOrders = Partial<Record<'agency' | 'from' | 'to', string>>;

export function sentOrdersOf(query: Record<string, unknown>): SentOrders {
  const sent: SentOrders = {};
  for (const f of ['agency', 'from', 'to'] as const) if (typeof query[f] === 'string') sent[f] = query[f].slice(0, 40);
  return sent;
}

function href(r: Reader, sent: SentOrders, extra: Record<string, string>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(sent)) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `${mallPath(r)}/orders?${params.toString()}`;
}

const kindText = (r: Reader, kind: OrderRow['kind']) => r.t(`mall:order_kind_${kind.replace('-', '_')}`);

export function ordersPageModel(
  r: Reader,
  sent: SentOrders,
  agencies: { code: string; name: LocalizedText }[],
  found: { rows: OrderRow[]; more: boolean; page: number } | undefined,
  refusal?: Refusal,
) {
  const page = found?.page ?? 1;
  return {
    title: r.t('mall:orders_title'),
    intro: r.t('mall:orders_intro'),
    action: `${mallPath(r)}/orders`,
    catalogHref: mallPath(r),
    sent,
    errors: refusal?.errors ?? {},
    error: refusal?.error,
    agencies: agencies.map((a) => ({ value: a.code, label: r.text(a.name), selected: a.code === sent.agency })),
    rows: (found?.rows ?? []).map((o) => ({
      orderNo: o.order_no,
      day: r.day(o.placed_at),
      agency: r.text(o.agency_name),
      supplier: r.text(o.supplier_name),
      totalText: r.money(o.total),
      kind: kindText(r, o.kind),
    })),
    csv: href(r, sent, { format: 'csv' }),
    downloadNote: r.t('mall:download_note', { rows: r.number(ORDERS_DOWNLOAD) }),
    pageText: r.t('mall:page_number', { page: r.number(page) }),
    previous: found && page > 1 ? href(r, sent, { page: String(page - 1) }) : undefined,
    next: found?.more ? href(r, sent, { page: String(page + 1) }) : undefined,
  };
}

export function ordersSheet(r: Reader, rows: OrderRow[]): Sheet {
  return {
    sheetName: r.t('mall:orders_title'),
    columns: [
      { key: 'orderNo', header: r.t('mall:col_order_no'), kind: 'text' },
      { key: 'day', header: r.t('mall:col_date'), kind: 'date' },
      { key: 'agency', header: r.t('mall:col_agency'), kind: 'text' },
      { key: 'supplier', header: r.t('mall:col_supplier'), kind: 'text' },
      { key: 'total', header: r.t('mall:col_total'), kind: 'number', ...(r.digits > 0 ? { decimals: r.digits } : {}) },
      { key: 'kind', header: r.t('mall:col_kind'), kind: 'text' },
    ],
    rows: rows.map((o) => ({
      orderNo: o.order_no,
      day: r.localDay(o.placed_at),
      agency: r.text(o.agency_name),
      supplier: r.text(o.supplier_name),
      total: r.amount(o.total),
      kind: kindText(r, o.kind),
    })),
    dir: directionOf(r.lng),
  };
}
