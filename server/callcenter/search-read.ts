/**
 * The console's search inside one tenant (its transaction bound by the caller): notices, bid
 * receipts, suppliers and accounts that match what the caller said. Never a sealed column: a
 * receipt is found by its number, and its envelopes are not read.
 */
import type { Knex } from 'knex';
import { queryTerms } from '../search/terms.js';
import type { ConsoleQuery } from './search-query.js';

const PER_KIND = 10;

export interface NoticeHit {
  id: string;
  notice_no: string | null;
  title: Record<string, string>;
  status: string;
  status_details: string;
  submission_deadline: Date;
  opening_at: Date;
  opened_at: Date | null;
}

export interface BidHit {
  id: string;
  receipt_no: string;
  status: 'current' | 'replaced' | 'withdrawn';
  submitted_at: Date;
  withdrawn_at: Date | null;
  supplier_id: string;
  legal_name: Record<string, string>;
  notice: NoticeHit;
}

export interface SupplierHit {
  id: string;
  legal_name: Record<string, string>;
  registration_no: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  valid_until: Date | null;
  debarred_from: Date | null;
  debarred_until: Date | null;
}

export interface AccountHit {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  status: 'active' | 'deactivated';
  email_verified_at: Date | null;
  totp_enabled_at: Date | null;
  supplier_id: string | null;
}

export interface TenantHits {
  notices: NoticeHit[];
  bids: BidHit[];
  suppliers: SupplierHit[];
  accounts: AccountHit[];
}

/** Arabic and Kurdish keyboards write ye and kaf differently: both read as one letter. */
const FOLD_FROM = 'يىك';
const FOLD_TO = 'ییک';
export const foldScript = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[يىك]/g, (c) => FOLD_TO[FOLD_FROM.indexOf(c)]!);
const folded = (column: string) => `translate(lower(${column}), '${FOLD_FROM}', '${FOLD_TO}')`;
const containing = (text: string) => `%${foldScript(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const NOTICE_COLUMNS = [
  'n.id',
  'n.notice_no',
  'n.title',
  'n.status',
  'n.status_details',
  'n.submission_deadline',
  'n.opening_at',
  'n.opened_at',
];

function notices(tx: Knex.Transaction, query: ConsoleQuery, lng: string): Promise<NoticeHit[]> {
  const terms = query.noticeBase ? [] : queryTerms(query.text, lng);
  if (!query.noticeBase && terms.length === 0) return Promise.resolve([]);
  return tx('notices as n')
    .where((q) => {
      if (query.noticeBase) q.whereRaw(`split_part(n.notice_no, '-', 1) = ?`, [query.noticeBase]);
      else q.whereRaw('n.search_terms @> ?::text[]', [terms]);
    })
    .orderBy('n.created_at', 'desc')
    .limit(PER_KIND)
    .select<NoticeHit[]>(NOTICE_COLUMNS);
}

async function bids(tx: Knex.Transaction, query: ConsoleQuery): Promise<BidHit[]> {
  if (!query.receiptNo) return [];
  const rows = await tx('bids as b')
    .join('notices as n', 'n.id', 'b.notice_id')
    .join('suppliers as s', 's.id', 'b.supplier_id')
    .where('b.receipt_no', query.receiptNo)
    .select<(Omit<BidHit, 'notice'> & NoticeHit & { notice_id: string })[]>(
      'b.id as bid_id',
      'b.receipt_no',
      'b.status as bid_status',
      'b.submitted_at',
      'b.withdrawn_at',
      'b.supplier_id',
      's.legal_name',
      'n.id as notice_id',
      ...NOTICE_COLUMNS.filter((c) => c !== 'n.id'),
    );
  return rows.map((r) => {
    const row = r as unknown as Record<string, unknown>;
    return {
      id: row.bid_id as string,
      receipt_no: row.receipt_no as string,
      status: row.bid_status as BidHit['status'],
      submitted_at: row.submitted_at as Date,
      withdrawn_at: row.withdrawn_at as Date | null,
      supplier_id: row.supplier_id as string,
      legal_name: row.legal_name as Record<string, string>,
      notice: { ...(r as unknown as NoticeHit), id: row.notice_id as string },
    };
  });
}

function suppliers(tx: Knex.Transaction, query: ConsoleQuery): Promise<SupplierHit[]> {
  const pattern = containing(query.text);
  return tx('suppliers as s')
    .where((q) => {
      q.whereRaw('lower(s.registration_no) = lower(?)', [query.text])
        .orWhereRaw(`exists (select 1 from jsonb_each_text(s.legal_name) v where ${folded('v.value')} like ?)`, [
          pattern,
        ])
        .orWhereRaw(`${folded('s.representative')} like ?`, [pattern]);
      if (query.email) q.orWhereRaw('lower(s.contact_email) = ?', [query.email]);
      if (query.phoneDigits)
        q.orWhereRaw(`regexp_replace(s.contact_phone, '[^0-9]', '', 'g') like ?`, [`%${query.phoneDigits}%`]);
    })
    .orderBy('s.registration_no')
    .limit(PER_KIND)
    .select<SupplierHit[]>(
      's.id',
      's.legal_name',
      's.registration_no',
      's.status',
      's.valid_until',
      's.debarred_from',
      's.debarred_until',
    );
}

function accounts(tx: Knex.Transaction, query: ConsoleQuery): Promise<AccountHit[]> {
  const pattern = containing(query.text);
  return tx('users as u')
    .leftJoin('suppliers as s', 's.id', 'u.supplier_id')
    .where((q) => {
      q.whereRaw('lower(u.email) like ?', [pattern]).orWhereRaw(`${folded('u.display_name')} like ?`, [pattern]);
      if (query.phoneDigits)
        q.orWhereRaw(`regexp_replace(s.contact_phone, '[^0-9]', '', 'g') like ?`, [`%${query.phoneDigits}%`]);
    })
    .orderBy('u.email')
    .limit(PER_KIND)
    .select<AccountHit[]>(
      'u.id',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.status',
      'u.email_verified_at',
      'u.totp_enabled_at',
      'u.supplier_id',
    );
}

/** Everything in the bound tenant the query may mean. */
export async function searchTenant(tx: Knex.Transaction, query: ConsoleQuery, lng: string): Promise<TenantHits> {
  // One after another: a transaction's connection runs one query at a time.
  return {
    notices: await notices(tx, query, lng),
    bids: await bids(tx, query),
    suppliers: await suppliers(tx, query),
    accounts: await accounts(tx, query),
  };
}

/** How many things a search found, for the audit trail. */
export const hitCount = (hits: TenantHits) =>
  hits.notices.length + hits.bids.length + hits.suppliers.length + hits.accounts.length;
