/**
 * The console's read-only views inside one tenant (its transaction bound by the caller): an
 * account, a supplier, a notice. What helps on the phone and nothing more: no password hash, no
 * second-factor secret, no sealed envelope of any bid.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../http/errors.js';
import { timelineOf, type TimelineStep } from '../procurement/timeline/read.js';
import { NOTICE_COLUMNS, type AccountHit, type NoticeHit, type SupplierHit } from './search-read.js';
import type { TicketRow } from './ticket-entries.js';

const RECENT = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads one after another: a transaction's connection runs one query at a time. */
async function inTurn<T extends unknown[]>(...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as T;
}

function found<T>(row: T | undefined): T {
  if (!row) throw new NotFoundError();
  return row;
}

export interface SignInRecord {
  at: Date;
  ok: boolean;
  client_address: string | null;
  /** Why a sign-in failed (password, code, throttled …). */
  reason?: string;
}

export interface AccountView extends AccountHit {
  locale: string | null;
  last_login_at: Date | null;
  password_changed_at: Date | null;
  created_at: Date;
  supplier_name: Record<string, string> | null;
  /** A confirmation link was sent at registration (so one may be sent again). */
  self_registered: boolean;
  signIns: SignInRecord[];
  /** Addresses that failed to sign in to the account in the last day: the throttle is keyed by them. */
  failingAddresses: string[];
  devices: { device_id: string; last_at: Date; sign_ins: number }[];
  tickets: TicketRow[];
}

export async function accountView(tx: Knex.Transaction, userId: string): Promise<AccountView> {
  if (!UUID.test(userId)) throw new NotFoundError();
  const user = found(
    await tx('users as u')
      .leftJoin('suppliers as s', 's.id', 'u.supplier_id')
      .where('u.id', userId)
      .first<(AccountView & { supplier_name: Record<string, string> | null }) | undefined>(
        'u.id',
        'u.email',
        'u.display_name',
        'u.roles',
        'u.status',
        'u.locale',
        'u.email_verified_at',
        'u.totp_enabled_at',
        'u.last_login_at',
        'u.password_changed_at',
        'u.created_at',
        'u.supplier_id',
        's.legal_name as supplier_name',
      ),
  );
  const [logins, failures, devices, registered, tickets] = await inTurn(
    () =>
      tx('device_events')
        .where({ user_id: userId, event: 'login' })
        .orderBy('at', 'desc')
        .limit(RECENT)
        .select<{ at: Date; client_address: string | null }[]>('at', 'client_address'),
    () =>
      tx('audit_entries')
        .where({ action: 'auth.login-failed', target_type: 'account', target_id: user.email.toLowerCase() })
        .orderBy('seq', 'desc')
        .limit(RECENT)
        .select<{ at: Date; client_address: string | null; summary: { reason?: string } }[]>(
          'at',
          'client_address',
          'summary',
        ),
    () =>
      tx('device_events')
        .where({ user_id: userId, event: 'login' })
        .whereNotNull('device_id')
        .groupBy('device_id')
        .orderByRaw('max(at) desc')
        .limit(5)
        .select<{ device_id: string; last_at: Date; sign_ins: string }[]>(
          'device_id',
          tx.raw('max(at) as last_at'),
          tx.raw('count(*) as sign_ins'),
        ),
    () =>
      tx('account_tokens').where({ user_id: userId, purpose: 'verify-email' }).first<{ id: string } | undefined>('id'),
    () => callerTickets(tx, { caller_user_id: userId }),
  );
  const signIns: SignInRecord[] = [
    ...logins.map((l) => ({ at: l.at, ok: true, client_address: l.client_address })),
    ...failures.map((f) => ({
      at: f.at,
      ok: false,
      client_address: f.client_address,
      ...(f.summary.reason ? { reason: f.summary.reason } : {}),
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, RECENT);
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  const failingAddresses = [
    ...new Set(failures.filter((f) => f.at.getTime() > dayAgo && f.client_address).map((f) => f.client_address!)),
  ];
  return {
    ...user,
    self_registered: registered !== undefined,
    signIns,
    failingAddresses,
    devices: devices.map((d) => ({ device_id: d.device_id, last_at: d.last_at, sign_ins: Number(d.sign_ins) })),
    tickets,
  };
}

export interface SubmissionRecord {
  receipt_no: string;
  status: 'current' | 'replaced' | 'withdrawn';
  submitted_at: Date;
  withdrawn_at: Date | null;
  notice: NoticeHit;
}

export interface SupplierView extends SupplierHit {
  tax_id: string;
  representative: string;
  contact_email: string;
  contact_phone: string;
  submitted_at: Date | null;
  decided_at: Date | null;
  decision_reason: string | null;
  debarment_reason: string | null;
  accounts: AccountHit[];
  submissions: SubmissionRecord[];
  tickets: TicketRow[];
}

export async function supplierView(tx: Knex.Transaction, supplierId: string): Promise<SupplierView> {
  if (!UUID.test(supplierId)) throw new NotFoundError();
  const supplier = found(
    await tx('suppliers')
      .where({ id: supplierId })
      .first<SupplierView | undefined>(
        'id',
        'legal_name',
        'registration_no',
        'tax_id',
        'representative',
        'contact_email',
        'contact_phone',
        'status',
        'submitted_at',
        'decided_at',
        'decision_reason',
        'valid_until',
        'debarred_from',
        'debarred_until',
        'debarment_reason',
      ),
  );
  const [accounts, bids, tickets] = await inTurn(
    () =>
      tx('users')
        .where({ supplier_id: supplierId })
        .orderBy('email')
        .select<AccountHit[]>(
          'id',
          'email',
          'display_name',
          'roles',
          'status',
          'email_verified_at',
          'totp_enabled_at',
          'supplier_id',
        ),
    () =>
      tx('bids as b')
        .join('notices as n', 'n.id', 'b.notice_id')
        .where('b.supplier_id', supplierId)
        .orderBy('b.submitted_at', 'desc')
        .limit(RECENT)
        .select<Record<string, unknown>[]>(
          'b.receipt_no',
          'b.status as bid_status',
          'b.submitted_at',
          'b.withdrawn_at',
          ...NOTICE_COLUMNS,
        ),
    () => callerTickets(tx, { caller_supplier_id: supplierId }),
  );
  return {
    ...supplier,
    accounts,
    submissions: bids.map((b) => ({
      receipt_no: b.receipt_no as string,
      status: b.bid_status as SubmissionRecord['status'],
      submitted_at: b.submitted_at as Date,
      withdrawn_at: b.withdrawn_at as Date | null,
      notice: b as unknown as NoticeHit,
    })),
    tickets,
  };
}

export interface NoticeView extends NoticeHit {
  agency_name: Record<string, string>;
  published_at: Date | null;
  cancellation_reason: string | null;
  addenda: {
    number: number;
    summary: string;
    issued_at: Date;
    extended_by_rule: boolean;
    outage_reason: string | null;
    outage_starts_at: Date | null;
    outage_ends_at: Date | null;
  }[];
  opening: { outcome: 'opened' | 'failed'; opened_at: Date } | undefined;
  /** The public steps of the tender's timeline: nothing the public may not read yet. */
  steps: TimelineStep[];
}

export async function noticeView(tx: Knex.Transaction, noticeId: string): Promise<NoticeView> {
  if (!UUID.test(noticeId)) throw new NotFoundError();
  const notice = found(
    await tx('notices as n')
      .join('agencies as a', 'a.id', 'n.agency_id')
      .where('n.id', noticeId)
      .first<Omit<NoticeView, 'addenda' | 'opening' | 'steps'> | undefined>(
        ...NOTICE_COLUMNS,
        'a.name as agency_name',
        'n.published_at',
        'n.cancellation_reason',
      ),
  );
  const [addenda, opening, timeline] = await inTurn(
    () =>
      tx('notice_addenda as d')
        .leftJoin('outage_windows as o', 'o.id', 'd.outage_id')
        .where('d.notice_id', noticeId)
        .orderBy('d.number')
        .select<NoticeView['addenda']>(
          'd.number',
          'd.summary',
          'd.issued_at',
          'd.extended_by_rule',
          'o.reason as outage_reason',
          'o.starts_at as outage_starts_at',
          'o.ends_at as outage_ends_at',
        ),
    () => tx('tender_openings').where({ notice_id: noticeId }).first<NoticeView['opening']>('outcome', 'opened_at'),
    () => timelineOf(tx, noticeId, undefined),
  );
  return { ...notice, addenda, opening, steps: timeline?.steps ?? [] };
}

/** The caller's calls, newest first: their history at a glance. */
export function callerTickets(
  tx: Knex.Transaction,
  caller: { caller_user_id: string } | { caller_supplier_id: string },
): Promise<TicketRow[]> {
  return tx<TicketRow>('support_tickets').where(caller).orderBy('opened_at', 'desc').limit(RECENT);
}
