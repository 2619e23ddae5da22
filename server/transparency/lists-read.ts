/**
 * The portal's lists as they are read: published plan entries, published notices (never drafts),
 * opening records, live awards and concluded contracts, each narrowed by the same filters and
 * read a page at a time (or, for a download, up to DOWNLOAD_ROWS rows). Only public facts are
 * selected: no sealed column of a bid, no contact detail of a supplier, no draft.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import type { OpeningRecord } from '../procurement/opening/record.js';
import { queryTerms } from '../search/terms.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { ListFilter } from './schema.js';

export const PAGE_ROWS = 25;
/** A download is anonymous work: it stops here, and the page says so. */
export const DOWNLOAD_ROWS = 5000;

export type LocalizedText = Record<string, string>;
export const LIST_NAMES = ['plans', 'notices', 'openings', 'awards', 'contracts'] as const;
export type ListName = (typeof LIST_NAMES)[number];

interface Agency {
  agency_code: string;
  agency_name: LocalizedText;
}

export interface PlanRow extends Agency {
  id: string;
  fiscal_year: number;
  title: LocalizedText;
  category: string;
  method: string;
  quarter: number;
  estimated_budget: string;
  published_at: Date | null;
}

interface NoticeFacts extends Agency {
  notice_id: string;
  notice_no: string | null;
  title: LocalizedText;
  category: string;
  method: string;
}

export interface NoticeListRow extends NoticeFacts {
  status: string;
  estimated_price: string;
  estimated_price_hidden: boolean;
  published_at: Date;
  submission_deadline: Date;
}

export interface OpeningRow extends NoticeFacts {
  outcome: 'opened' | 'failed';
  opened_at: Date;
  record: OpeningRecord;
}

export interface AwardRow extends NoticeFacts {
  id: string;
  status: string;
  amount: string;
  published_at: Date;
  supplier_id: string;
  supplier_name: LocalizedText;
}

export interface ContractListRow extends NoticeFacts {
  id: string;
  contract_no: string;
  status: string;
  value: string;
  starts_on: string;
  ends_on: string;
  amendments: number;
  supplier_id: string;
  supplier_name: LocalizedText;
}

/** What a list's rows are, by list. */
export interface ListRows {
  plans: PlanRow;
  notices: NoticeListRow;
  openings: OpeningRow;
  awards: AwardRow;
  contracts: ContractListRow;
}

/** The statuses each list can be narrowed to (plans are all published: none). */
export const LIST_STATUSES = {
  plans: undefined,
  notices: ['active', 'cancelled', 'unsuccessful', 'complete'],
  openings: ['opened', 'failed'],
  awards: ['standstill', 'final'],
  contracts: ['awaiting-signatures', 'active', 'completed', 'terminated'],
} as const satisfies Record<ListName, readonly [string, ...string[]] | undefined>;

/** `%`, `_` and `\` typed by a reader match themselves in ILIKE. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A text kept per language that holds the words typed, in any of its languages. */
function textMatches(column: string, text: string) {
  return [`exists (select 1 from jsonb_each_text(${column}) as x where x.value ilike ?)`, [likePattern(text)]] as const;
}

/**
 * The fiscal year of a notice: its plan entry's, else the year of its publication in the tenant's
 * time zone (a notice without a plan entry is rare, but must not fall out of every year).
 */
export const noticeYear = (zone: string) =>
  [`coalesce(pe.fiscal_year, extract(year from n.published_at at time zone ?)::int)`, [zone]] as const;

/** The filters of the lists built on notices (`n`, with `a` its agency and `pe` its plan entry). */
function noticeFilters(q: Knex.QueryBuilder, filter: ListFilter, lng: string, zone: string, supplierName?: string) {
  if (filter.agency) q.where('a.code', filter.agency);
  if (filter.category) q.where('n.category', filter.category);
  if (filter.method) q.where('n.method', filter.method);
  if (filter.year) {
    const [sql, bindings] = noticeYear(zone);
    q.whereRaw(`${sql} = ?`, [...bindings, filter.year]);
  }
  const terms = filter.q ? queryTerms(filter.q, lng) : [];
  if (filter.q && terms.length > 0) {
    q.where((w) => {
      w.whereRaw('n.search_terms @> ?::text[]', [terms]);
      if (supplierName) w.orWhereRaw(...textMatches(supplierName, filter.q!));
    });
  }
  return q;
}

const NOTICE_FACTS = ['n.id as notice_id', 'n.notice_no', 'n.title', 'n.category', 'n.method'];
const AGENCY = ['a.code as agency_code', 'a.name as agency_name'];

function fromNotices(tx: Knex.Transaction) {
  return tx('notices as n')
    .join('agencies as a', 'a.id', 'n.agency_id')
    .leftJoin('plan_entries as pe', 'pe.id', 'n.plan_entry_id')
    .whereNot('n.status', 'planning');
}

/** Contracts become public once both parties have signed some version of them (contracts/read.ts). */
export function concludedContracts(tx: Knex.Transaction) {
  return tx('contract_signatures')
    .groupBy('contract_id', 'version')
    .havingRaw('count(distinct party) = 2')
    .select('contract_id', tx.raw('max(signed_at) as concluded_at'));
}

const QUERIES: {
  [L in ListName]: (tx: Knex.Transaction, f: ListFilter, lng: string, zone: string) => Knex.QueryBuilder;
} = {
  plans: (tx, f) => {
    const q = tx('plan_entries as p').join('agencies as a', 'a.id', 'p.agency_id').where('p.status', 'published');
    if (f.agency) q.where('a.code', f.agency);
    if (f.category) q.where('p.category', f.category);
    if (f.method) q.where('p.method', f.method);
    if (f.year) q.where('p.fiscal_year', f.year);
    // Plan entries carry no search terms: their titles are matched as typed, in any language.
    if (f.q) q.whereRaw(...textMatches('p.title', f.q));
    return q
      .orderBy([{ column: 'p.fiscal_year', order: 'desc' }, 'p.quarter', 'a.code', 'p.id'])
      .select(
        'p.id',
        'p.fiscal_year',
        'p.title',
        'p.category',
        'p.method',
        'p.quarter',
        'p.estimated_budget',
        'p.published_at',
        ...AGENCY,
      );
  },
  notices: (tx, f, lng, zone) => {
    const q = noticeFilters(fromNotices(tx), f, lng, zone);
    if (f.status) q.where('n.status', f.status);
    return q
      .orderBy([{ column: 'n.published_at', order: 'desc' }, 'n.id'])
      .select(
        ...NOTICE_FACTS,
        ...AGENCY,
        'n.status',
        'n.estimated_price',
        'n.estimated_price_hidden',
        'n.published_at',
        'n.submission_deadline',
      );
  },
  openings: (tx, f, lng, zone) => {
    const q = noticeFilters(fromNotices(tx).join('tender_openings as o', 'o.notice_id', 'n.id'), f, lng, zone);
    if (f.status) q.where('o.outcome', f.status);
    return q
      .orderBy([{ column: 'o.opened_at', order: 'desc' }, 'n.id'])
      .select(...NOTICE_FACTS, ...AGENCY, 'o.outcome', 'o.opened_at', 'o.record');
  },
  awards: (tx, f, lng, zone) => {
    const q = noticeFilters(
      fromNotices(tx)
        .join('awards as w', 'w.notice_id', 'n.id')
        .join('suppliers as s', 's.id', 'w.supplier_id')
        .whereIn('w.status', ['standstill', 'final']),
      f,
      lng,
      zone,
      's.legal_name',
    );
    if (f.status) q.where('w.status', f.status);
    if (f.supplier) q.where('s.id', f.supplier);
    return q
      .orderBy([{ column: 'w.published_at', order: 'desc' }, 'w.id'])
      .select(
        ...NOTICE_FACTS,
        ...AGENCY,
        'w.id',
        'w.status',
        'w.amount',
        'w.published_at',
        's.id as supplier_id',
        's.legal_name as supplier_name',
      );
  },
  contracts: (tx, f, lng, zone) => {
    const q = noticeFilters(
      fromNotices(tx)
        .join('contracts as c', 'c.notice_id', 'n.id')
        .join('suppliers as s', 's.id', 'c.supplier_id')
        .whereIn('c.id', tx.from(concludedContracts(tx).as('k')).select('k.contract_id')),
      f,
      lng,
      zone,
      's.legal_name',
    );
    if (f.status) q.where('c.status', f.status);
    if (f.supplier) q.where('s.id', f.supplier);
    return q
      .orderBy([{ column: 'c.created_at', order: 'desc' }, 'c.id'])
      .select(
        ...NOTICE_FACTS,
        ...AGENCY,
        'c.id',
        'c.contract_no',
        'c.status',
        'c.value',
        tx.raw('c.starts_on::text as starts_on'),
        tx.raw('c.ends_on::text as ends_on'),
        tx.raw('(select count(*)::int from contract_amendments m where m.contract_id = c.id) as amendments'),
        's.id as supplier_id',
        's.legal_name as supplier_name',
      );
  },
};

export interface ListPage<L extends ListName> {
  rows: ListRows[L][];
  /** Another page follows (page view), or the download was cut at DOWNLOAD_ROWS. */
  more: boolean;
}

/** One page of a list (`download`: the first DOWNLOAD_ROWS rows instead), in the tenant's schema. */
export function readList<L extends ListName>(
  actor: Actor,
  list: L,
  filter: ListFilter,
  options: { lng: string; download: boolean },
): Promise<ListPage<L>> {
  const size = options.download ? DOWNLOAD_ROWS : PAGE_ROWS;
  const offset = options.download ? 0 : (filter.page - 1) * PAGE_ROWS;
  return inTenant(actor.tenant, async (tx) => {
    const rows = (await QUERIES[list](tx, filter, options.lng, actor.tenant.config.timeZone)
      .limit(size + 1)
      .offset(offset)) as ListRows[L][];
    return { rows: rows.slice(0, size), more: rows.length > size };
  });
}

export interface FilterChoices {
  agencies: { code: string; name: LocalizedText }[];
  years: number[];
}

/** The agencies and fiscal years the filter forms offer. */
export function readFilterChoices(actor: Actor): Promise<FilterChoices> {
  return inTenant(actor.tenant, async (tx) => ({
    agencies: await tx('agencies').orderBy('code').select<{ code: string; name: LocalizedText }[]>('code', 'name'),
    years: (
      await tx('plan_entries')
        .where('status', 'published')
        .distinct('fiscal_year')
        .orderBy('fiscal_year', 'desc')
        .limit(30)
    ).map((r: { fiscal_year: number }) => r.fiscal_year),
  }));
}
