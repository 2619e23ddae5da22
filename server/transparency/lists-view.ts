/**
 * The columns of each portal list: what a row shows on the page (words, links to the notice's own
 * public pages, the agency's and supplier's portal pages) and what the same row holds in a CSV or
 * XLSX download (numbers as numbers, days as days). One definition serves both, so the page and
 * its downloads never disagree.
 */
import type { SheetCell, SheetColumn } from '../exports/spreadsheet.js';
import type { Reader } from './formats.js';
import type {
  AwardRow,
  ContractListRow,
  ListName,
  ListRows,
  NoticeListRow,
  OpeningRow,
  PlanRow,
} from './lists-read.js';

export interface Cell {
  text: string;
  href?: string;
  /** A number, a code or an amount: set left to right inside a right-to-left page. */
  ltr?: boolean;
  /** Several lines (who bid what). */
  items?: string[];
}

export interface Column<R> {
  key: string;
  /** The i18n key of the header. */
  header: string;
  /** How the download holds it; undefined: a link on the page only. */
  kind?: SheetColumn['kind'];
  /** An amount: the download shows the currency's minor digits. */
  money?: boolean;
  value?: (row: R, r: Reader) => SheetCell;
  cell: (row: R, r: Reader) => Cell;
}

type Columns<R> = Column<R>[];

const agencyColumn = <R extends { agency_code: string; agency_name: Record<string, string> }>(): Column<R> => ({
  key: 'agency',
  header: 'transparency:col_agency',
  kind: 'text',
  value: (row, r) => r.text(row.agency_name),
  cell: (row, r) => ({
    text: r.text(row.agency_name),
    href: `${r.base}/transparency/agencies/${encodeURIComponent(row.agency_code)}`,
  }),
});

type NoticeBased = {
  notice_id: string;
  notice_no: string | null;
  title: Record<string, string>;
  category: string;
  method: string;
};

function noticeColumns<R extends NoticeBased>(): Columns<R> {
  return [
    {
      key: 'noticeNo',
      header: 'transparency:col_notice_no',
      kind: 'text',
      value: (row) => row.notice_no,
      cell: (row) => ({ text: row.notice_no ?? '', ltr: true }),
    },
    {
      key: 'title',
      header: 'transparency:col_title',
      kind: 'text',
      value: (row, r) => r.text(row.title),
      cell: (row, r) => ({ text: r.text(row.title), href: `${r.base}/notices/${row.notice_id}` }),
    },
  ];
}

function noticeKinds<R extends { category: string; method: string }>(): Columns<R> {
  return [
    {
      key: 'category',
      header: 'transparency:col_category',
      kind: 'text',
      value: (row, r) => r.category(row.category),
      cell: (row, r) => ({ text: r.category(row.category) }),
    },
    {
      key: 'method',
      header: 'transparency:col_method',
      kind: 'text',
      value: (row, r) => r.method(row.method),
      cell: (row, r) => ({ text: r.method(row.method) }),
    },
  ];
}

const timelineColumn = <R extends NoticeBased>(): Column<R> => ({
  key: 'timeline',
  header: 'transparency:col_timeline',
  cell: (row, r) => ({ text: r.t('transparency:timeline_link'), href: `${r.base}/notices/${row.notice_id}/timeline` }),
});

const amountColumn = <R>(key: string, header: string, of: (row: R) => string): Column<R> => ({
  key,
  header,
  kind: 'number',
  money: true,
  value: (row, r) => r.amount(of(row)),
  cell: (row, r) => ({ text: r.money(of(row)), ltr: true }),
});

const supplierColumn = <R extends { supplier_id: string; supplier_name: Record<string, string> }>(): Column<R> => ({
  key: 'supplier',
  header: 'transparency:col_supplier',
  kind: 'text',
  value: (row, r) => r.text(row.supplier_name),
  cell: (row, r) => ({ text: r.text(row.supplier_name), href: `${r.base}/transparency/suppliers/${row.supplier_id}` }),
});

const plans: Columns<PlanRow> = [
  {
    key: 'year',
    header: 'transparency:col_fiscal_year',
    kind: 'number',
    value: (row) => row.fiscal_year,
    cell: (row, r) => ({ text: r.year(row.fiscal_year), ltr: true }),
  },
  {
    key: 'quarter',
    header: 'transparency:col_quarter',
    kind: 'number',
    value: (row) => row.quarter,
    cell: (row, r) => ({ text: r.t('transparency:quarter', { quarter: r.number(row.quarter) }) }),
  },
  {
    key: 'title',
    header: 'transparency:col_title',
    kind: 'text',
    value: (row, r) => r.text(row.title),
    cell: (row, r) => ({ text: r.text(row.title) }),
  },
  agencyColumn(),
  ...noticeKinds<PlanRow>(),
  amountColumn('budget', 'transparency:col_estimated_budget', (row) => row.estimated_budget),
];

const notices: Columns<NoticeListRow> = [
  ...noticeColumns<NoticeListRow>(),
  agencyColumn(),
  ...noticeKinds<NoticeListRow>(),
  {
    key: 'status',
    header: 'transparency:col_status',
    kind: 'text',
    value: (row, r) => r.t(`notices:status_${row.status}`),
    cell: (row, r) => ({ text: r.t(`notices:status_${row.status}`) }),
  },
  {
    key: 'published',
    header: 'transparency:col_published',
    kind: 'date',
    value: (row, r) => r.localDay(row.published_at),
    cell: (row, r) => ({ text: r.day(row.published_at) }),
  },
  {
    key: 'deadline',
    header: 'transparency:col_deadline',
    kind: 'date',
    value: (row, r) => r.localDay(row.submission_deadline),
    cell: (row, r) => ({ text: r.time(row.submission_deadline) }),
  },
  {
    key: 'estimatedPrice',
    header: 'transparency:col_estimated_price',
    kind: 'number',
    // A price the agency hides stays hidden in the download as on the page.
    value: (row, r) => (row.estimated_price_hidden ? null : r.amount(row.estimated_price)),
    cell: (row, r) =>
      row.estimated_price_hidden
        ? { text: r.t('notices:price_hidden') }
        : { text: r.money(row.estimated_price), ltr: true },
  },
  timelineColumn(),
];

/** Who bid what, from the published opening record; a failed opening's record is not shown. */
function bidLines(row: OpeningRow, r: Reader): string[] {
  if (row.outcome !== 'opened') return [];
  return row.record.bids.map((b) => {
    const name = r.text(b.supplier.name);
    return b.price === null
      ? r.t('transparency:bid_price_sealed', { name })
      : r.t('transparency:bid_line', { name, price: r.money(b.price) });
  });
}

const openings: Columns<OpeningRow> = [
  ...noticeColumns<OpeningRow>(),
  agencyColumn(),
  {
    key: 'openedAt',
    header: 'transparency:col_opened_at',
    kind: 'date',
    value: (row, r) => r.localDay(row.opened_at),
    cell: (row, r) => ({ text: r.time(row.opened_at) }),
  },
  {
    key: 'outcome',
    header: 'transparency:col_outcome',
    kind: 'text',
    value: (row, r) => r.t(`opening:outcome_${row.outcome}`),
    cell: (row, r) => ({ text: r.t(`opening:outcome_${row.outcome}`) }),
  },
  {
    key: 'bids',
    header: 'transparency:col_bids',
    kind: 'number',
    value: (row) => row.record.bids.length,
    cell: (row, r) => ({ text: r.number(row.record.bids.length) }),
  },
  {
    key: 'bidders',
    header: 'transparency:col_bidders',
    kind: 'text',
    value: (row, r) => bidLines(row, r).join('; '),
    cell: (row, r) => {
      const items = bidLines(row, r);
      return items.length > 0 ? { text: '', items } : { text: r.t('transparency:bidders_not_public') };
    },
  },
  timelineColumn(),
];

const awards: Columns<AwardRow> = [
  ...noticeColumns<AwardRow>(),
  agencyColumn(),
  supplierColumn(),
  ...noticeKinds<AwardRow>(),
  amountColumn('amount', 'transparency:col_award_amount', (row) => row.amount),
  {
    key: 'status',
    header: 'transparency:col_status',
    kind: 'text',
    value: (row, r) => r.t(`awards:status_${row.status}`),
    cell: (row, r) => ({ text: r.t(`awards:status_${row.status}`) }),
  },
  {
    key: 'published',
    header: 'transparency:col_awarded_on',
    kind: 'date',
    value: (row, r) => r.localDay(row.published_at),
    cell: (row, r) => ({ text: r.day(row.published_at) }),
  },
  timelineColumn(),
];

const contracts: Columns<ContractListRow> = [
  {
    key: 'contractNo',
    header: 'transparency:col_contract_no',
    kind: 'text',
    value: (row) => row.contract_no,
    cell: (row, r) => ({ text: row.contract_no, href: `${r.base}/contracts/${row.id}`, ltr: true }),
  },
  ...noticeColumns<ContractListRow>(),
  agencyColumn(),
  supplierColumn(),
  amountColumn('value', 'transparency:col_contract_value', (row) => row.value),
  {
    key: 'startsOn',
    header: 'transparency:col_starts_on',
    kind: 'date',
    value: (row) => row.starts_on,
    cell: (row, r) => ({ text: r.day(row.starts_on) }),
  },
  {
    key: 'endsOn',
    header: 'transparency:col_ends_on',
    kind: 'date',
    value: (row) => row.ends_on,
    cell: (row, r) => ({ text: r.day(row.ends_on) }),
  },
  {
    key: 'status',
    header: 'transparency:col_status',
    kind: 'text',
    value: (row, r) => r.t(`contracts:status_${row.status}`),
    cell: (row, r) => ({ text: r.t(`contracts:status_${row.status}`) }),
  },
  {
    key: 'amendments',
    header: 'transparency:col_amendments',
    kind: 'number',
    value: (row) => row.amendments,
    cell: (row, r) => ({ text: r.number(row.amendments) }),
  },
  timelineColumn(),
];

export const LIST_COLUMNS: { [L in ListName]: Columns<ListRows[L]> } = { plans, notices, openings, awards, contracts };
