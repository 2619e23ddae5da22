/**
 * The rows of project reviews as the module reads them, and the reads every step shares: the
 * notice under review and its pending round. Dates are read as text (calendar days, no zone).
 */
import type { Knex } from 'knex';
import { isUuid } from '../http/params.js';
import { NoticeNotFoundError } from '../procurement/notices/errors.js';
import { ReviewStateError } from './errors.js';

export interface ReviewNotice {
  id: string;
  notice_no: string | null;
  plan_entry_id: string | null;
  agency_id: string;
  title: Record<string, string>;
  category: string;
  status: string;
  status_details: string;
}

export interface RoundRow {
  id: string;
  notice_id: string;
  round: number;
  kind: 'initial' | 'change';
  rule: string;
  requirements: string;
  scope: string;
  proposed_start: string;
  proposed_end: string;
  status: 'submitted' | 'confirmed' | 'adjusted';
  confirmed_requirements: string | null;
  confirmed_scope: string | null;
  confirmed_start: string | null;
  confirmed_end: string | null;
  decision_reasons: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  submitted_by: string;
  submitted_at: Date;
}

export interface MemberRow {
  id: string;
  review_id: string;
  user_id: string;
  seated_by: string;
  status: 'seated' | 'declared' | 'declined';
  declined_reason: string | null;
}

/** Notices in these states are not reviewed again. */
export const CLOSED_STATUSES = ['cancelled', 'unsuccessful'];

/** The columns of a round, its days as text (the later, aliased columns win over those of `r.*`). */
export const ROUND_COLUMNS = [
  'r.*',
  'r.proposed_start::text as proposed_start',
  'r.proposed_end::text as proposed_end',
  'r.confirmed_start::text as confirmed_start',
  'r.confirmed_end::text as confirmed_end',
];

export async function noticeUnderReview(tx: Knex.Transaction, id: string, lock = false): Promise<ReviewNotice> {
  if (!isUuid(id)) throw new NoticeNotFoundError();
  const q = tx('notices').where({ id });
  const row = await (lock ? q.forUpdate() : q).first<ReviewNotice | undefined>(
    'id',
    'notice_no',
    'plan_entry_id',
    'agency_id',
    'title',
    'category',
    'status',
    'status_details',
  );
  if (!row) throw new NoticeNotFoundError();
  return row;
}

/** The notice's rounds, first to last. */
export function roundsOf(tx: Knex.Transaction, noticeId: string): Promise<RoundRow[]> {
  return tx('project_reviews as r')
    .where('r.notice_id', noticeId)
    .orderBy('r.round')
    .select<RoundRow[]>(ROUND_COLUMNS.map((c) => (c.includes('::') ? tx.raw(c) : c)));
}

/** The round waiting for the committee; refused when there is none. */
export async function pendingRound(tx: Knex.Transaction, noticeId: string): Promise<RoundRow> {
  const rounds = await roundsOf(tx, noticeId);
  const last = rounds.at(-1);
  if (!last || last.status !== 'submitted') throw new ReviewStateError('review:no_pending_round');
  return last;
}

/** A decided round: its status says the committee confirmed or adjusted what was proposed. */
export const isDecided = (r: Pick<RoundRow, 'status'>) => r.status !== 'submitted';

/** A `date` column or text as its calendar day (pg hands dates over as local-midnight Dates). */
export function calendarDay(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
