/**
 * A portal list as a page (the filter form, the table, the pager, the download links) and as a
 * spreadsheet, from its columns (lists-view.ts). Filters are kept in every link the page makes.
 */
import { directionOf } from '../i18n/languages.js';
import type { Sheet } from '../exports/spreadsheet.js';
import type { Reader } from './formats.js';
import { DOWNLOAD_ROWS, LIST_STATUSES, type FilterChoices, type ListName, type ListPage } from './lists-read.js';
import { LIST_COLUMNS, type Cell, type Column } from './lists-view.js';
import { portalNav, portalPath } from './nav.js';
import { CATEGORIES, METHODS } from '../procurement/plans/schema.js';
import type { ListFilter } from './schema.js';

/** The words for each list's statuses, from the features that own them. */
const STATUS_KEYS: Record<ListName, (status: string) => string> = {
  plans: (s) => `plans:status_${s}`,
  notices: (s) => `notices:status_${s}`,
  openings: (s) => `opening:outcome_${s}`,
  awards: (s) => `awards:status_${s}`,
  contracts: (s) => `contracts:status_${s}`,
};

/** The address of the list with these filters (empty ones left out). */
export function listHref(r: Reader, list: ListName, filter: Partial<ListFilter>, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const key of ['q', 'agency', 'category', 'method', 'year', 'status'] as const) {
    const value = filter[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return `${portalPath(r, list)}${query ? `?${query}` : ''}`;
}

function options(
  values: readonly (string | number)[],
  chosen: string | number | undefined,
  label: (v: string) => string,
) {
  return values.map((v) => ({
    value: String(v),
    label: label(String(v)),
    selected: String(v) === String(chosen ?? ''),
  }));
}

export function listPageModel<L extends ListName>(
  r: Reader,
  list: L,
  filter: ListFilter,
  choices: FilterChoices,
  page: ListPage<L>,
) {
  const columns = LIST_COLUMNS[list] as Column<unknown>[];
  const statuses = LIST_STATUSES[list];
  const rows = page.rows.map((row) => columns.map((c): Cell => c.cell(row, r)));
  return {
    title: r.t(`transparency:${list}_title`),
    intro: r.t(`transparency:${list}_intro`),
    nav: portalNav(r, list),
    action: portalPath(r, list),
    filters: {
      q: filter.q ?? '',
      agencies: choices.agencies.map((a) => ({
        value: a.code,
        label: r.text(a.name),
        selected: a.code === filter.agency,
      })),
      categories: options(CATEGORIES, filter.category, r.category),
      methods: options(METHODS, filter.method, r.method),
      years: options(choices.years, filter.year, (y) => r.year(Number(y))),
      statuses: statuses && options(statuses, filter.status, (s) => r.t(STATUS_KEYS[list](s))),
    },
    headers: columns.map((c) => r.t(c.header)),
    rows: rows.map((cells) => ({ cells })),
    columnCount: columns.length,
    pageText: r.t('transparency:page_number', { page: r.number(filter.page) }),
    previous: filter.page > 1 ? listHref(r, list, filter, { page: String(filter.page - 1) }) : undefined,
    next: page.more ? listHref(r, list, filter, { page: String(filter.page + 1) }) : undefined,
    csv: listHref(r, list, filter, { format: 'csv' }),
    xlsx: listHref(r, list, filter, { format: 'xlsx' }),
    downloadNote: r.t('transparency:download_note', { rows: r.number(DOWNLOAD_ROWS) }),
  };
}

/** The same rows as a spreadsheet (link-only columns left out). */
export function listSheet<L extends ListName>(r: Reader, list: L, page: ListPage<L>): Sheet {
  const columns = (LIST_COLUMNS[list] as Column<unknown>[]).filter((c) => c.kind && c.value);
  return {
    sheetName: r.t(`transparency:${list}_title`),
    columns: columns.map((c) => ({
      key: c.key,
      header: r.t(c.header),
      kind: c.kind!,
      ...(c.money && r.digits > 0 ? { decimals: r.digits } : {}),
    })),
    rows: page.rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, c.value!(row, r)]))),
    dir: directionOf(r.lng),
  };
}
