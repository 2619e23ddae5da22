/**
 * The next notice still taking bids, or still to be opened, within a span of the tenant's now: what
 * an operator must not interrupt (a tenant move's read-only window refuses bids).
 */
import type { Knex } from 'knex';
import { now } from '../../time/clock.js';

export interface ClosingNotice {
  notice_no: string | null;
  submission_deadline: Date;
  opening_at: Date;
}

/** The published, unopened notice whose deadline or opening comes first within `ms`, if any. */
export async function noticeClosingWithin(tx: Knex.Transaction, ms: number): Promise<ClosingNotice | undefined> {
  const at = await now(tx);
  const until = new Date(at.getTime() + ms);
  return tx('notices')
    .where({ status: 'active' })
    .whereNull('opened_at')
    .whereNotNull('published_at')
    .where((q) => q.whereBetween('submission_deadline', [at, until]).orWhereBetween('opening_at', [at, until]))
    .orderBy('submission_deadline')
    .first<ClosingNotice | undefined>('notice_no', 'submission_deadline', 'opening_at');
}
