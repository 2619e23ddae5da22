/**
 * Where each notice of the public list stands, in words the public reads: open for bids, waiting
 * for the opening, in evaluation, awarded, under contract, or how it ended. One query for a page.
 */
import type { TFunction } from 'i18next';
import type { Actor } from '../../identity/actor.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { clockInstant } from '../../time/clock.js';

interface StageRow {
  id: string;
  status: string;
  submission_deadline: Date;
  opened_at: Date | null;
  award_id: string | null;
  contract_status: string | null;
}

/** The label key of a notice's stage (the officer's work page uses the same words). */
function stageKey(row: StageRow, now: Date): string {
  if (row.contract_status === 'awaiting-signatures' || row.contract_status === 'active') return 'work:stage_contract';
  if (row.contract_status) return `contracts:status_${row.contract_status}`;
  if (row.award_id) return 'work:stage_award';
  if (row.status !== 'active') return `notices:status_${row.status}`;
  if (row.opened_at) return 'work:stage_evaluation';
  return row.submission_deadline > now ? 'work:stage_bidding' : 'work:stage_opening';
}

/** The stage label of each notice, by id. */
export async function noticeStages(actor: Actor, ids: string[], t: TFunction): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await inTenant(actor.tenant, (tx) =>
    tx('notices as n')
      .leftJoin('awards as a', (j) => j.on('a.notice_id', 'n.id').andOnVal('a.status', '<>', 'withdrawn'))
      .leftJoin('contracts as c', 'c.award_id', 'a.id')
      .whereIn('n.id', ids)
      .select<StageRow[]>(
        'n.id',
        'n.status',
        'n.submission_deadline',
        'n.opened_at',
        'a.id as award_id',
        'c.status as contract_status',
      ),
  );
  const now = clockInstant(actor.tenant.clock);
  return new Map(rows.map((r) => [r.id, t(stageKey(r, now))]));
}
