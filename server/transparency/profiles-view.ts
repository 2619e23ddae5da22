/** The agency and supplier pages: totals by method, by supplier or agency, and their awards and contracts as the lists show them. */
import type { Reader } from './formats.js';
import type { ListName, ListPage } from './lists-read.js';
import { LIST_COLUMNS, type Column } from './lists-view.js';
import { listHref } from './list-page-view.js';
import { portalNav } from './nav.js';
import type { AgencyProfile, SupplierProfile, Total } from './profiles-read.js';

function table<L extends 'awards' | 'contracts'>(r: Reader, list: L, page: ListPage<L>, more: string) {
  const columns = LIST_COLUMNS[list] as Column<unknown>[];
  return {
    headers: columns.map((c) => r.t(c.header)),
    rows: page.rows.map((row) => ({ cells: columns.map((c) => c.cell(row, r)) })),
    columnCount: columns.length,
    more: page.more ? more : undefined,
  };
}

function totalRows(r: Reader, rows: Total[], name: (t: Total) => { text: string; href?: string }) {
  return rows.map((t) => ({ ...name(t), awards: r.number(t.awards), amount: r.money(t.amount) }));
}

const fullList = (r: Reader, list: ListName, filter: { agency?: string }) => listHref(r, list, filter);

export function agencyPageModel(r: Reader, p: AgencyProfile) {
  const name = r.text(p.name);
  return {
    title: r.t('transparency:agency_title', { name }),
    nav: portalNav(r, undefined),
    name,
    code: p.code,
    intro: r.t('transparency:agency_intro'),
    byMethod: totalRows(r, p.byMethod, (t) => ({ text: r.method(t.key) })),
    bySupplier: totalRows(r, p.bySupplier, (t) => ({
      text: r.text(t.name),
      href: `${r.base}/transparency/suppliers/${t.key}`,
    })),
    awards: table(r, 'awards', p.awards, fullList(r, 'awards', { agency: p.code })),
    contracts: table(r, 'contracts', p.contracts, fullList(r, 'contracts', { agency: p.code })),
    plansHref: fullList(r, 'plans', { agency: p.code }),
    noticesHref: fullList(r, 'notices', { agency: p.code }),
  };
}

export function supplierPageModel(r: Reader, p: SupplierProfile) {
  const name = r.text(p.name);
  return {
    title: r.t('transparency:supplier_title', { name }),
    nav: portalNav(r, undefined),
    name,
    registrationNo: p.registrationNo,
    intro: r.t('transparency:supplier_intro'),
    byAgency: totalRows(r, p.byAgency, (t) => ({
      text: r.text(t.name),
      href: `${r.base}/transparency/agencies/${encodeURIComponent(t.key)}`,
    })),
    byMethod: totalRows(r, p.byMethod, (t) => ({ text: r.method(t.key) })),
    // The full lists find a supplier by its name.
    awards: table(r, 'awards', p.awards, listHref(r, 'awards', { q: name })),
    contracts: table(r, 'contracts', p.contracts, listHref(r, 'contracts', { q: name })),
  };
}
