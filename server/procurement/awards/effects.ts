/**
 * What publishing a notice of award changes, once it is decided that it happens: by the officer at
 * once, or by the second officer who approves the request where the tenant's rules ask for a mutual
 * check (checked-award.ts). The standstill counts from the moment the award is published.
 */
import type { Knex } from 'knex';
import type { CheckedBy } from '../../approvals/mutual-checks.js';
import type { AuditContext } from '../../audit/trail.js';
import { integrityFlagsRequest } from '../../integrity/flags-request.js';
import { standstillEnd } from '../../regulations/standstill.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { latestResult } from '../evaluation/results.js';
import type { NoticeRow } from '../notices/read.js';
import { AlreadyAwardedError, NoFinalResultError } from './errors.js';
import { tellConcerned, type Winner } from './notify.js';
import { finalizeJob, liveAward, type AwardDeps, type AwardRow } from './records.js';

/** The winner of the notice's final evaluation, refused when there is none or an award stands. */
export async function awardableWinner(tx: Knex.Transaction, notice: NoticeRow) {
  const result = await latestResult(tx, notice.id);
  if (!result || result.status !== 'final' || !result.winner_bid_id) throw new NoFinalResultError();
  if (await liveAward(tx, notice.id)) throw new AlreadyAwardedError();
  const rows = (result.score_table.rows ?? []) as Winner[];
  const winner = rows.find((r) => r.bidId === result.winner_bid_id)!;
  const bid = await tx('bids').where({ id: winner.bidId }).first<{ supplier_id: string }>('supplier_id');
  return { result, winner, supplierId: bid.supplier_id };
}

/** Publishes the notice of award now; the standstill starts. */
export async function publishAwardNow(
  tx: Knex.Transaction,
  deps: AwardDeps,
  doer: { tenant: TenantHandle; audit: AuditContext },
  notice: NoticeRow,
  checked?: CheckedBy,
): Promise<AwardRow> {
  const { tenant } = doer;
  const { result, winner, supplierId } = await awardableWinner(tx, notice);
  const at = await now(tx);
  const standstill = standstillEnd(tenant.config, at);
  const [award] = await tx('awards')
    .insert({
      notice_id: notice.id,
      evaluation_id: result.id,
      bid_id: winner.bidId,
      supplier_id: supplierId,
      amount: winner.price,
      published_at: at,
      standstill_ends_at: standstill.endsAt,
      applied_rules: [...result.applied_rules, standstill.rule],
    })
    .returning<AwardRow[]>('*');
  await tx('notices').where({ id: notice.id }).update({ status_details: 'award-standstill' });
  await deps.audit.record(tx, tenant, doer.audit, {
    at,
    action: 'award.published',
    target: { type: 'notice', id: notice.id },
    summary: {
      award: award!.id,
      bid: winner.bidId,
      amount: winner.price,
      standstillEnds: standstill.endsAt,
      ...(checked ? { checked } : {}),
    },
  });
  await tellConcerned(tx, deps, { tenant, notice, winner, endsAt: standstill.endsAt });
  await deps.relay.enqueue(tx, tenant, finalizeJob(tenant, award!));
  await deps.relay.enqueue(tx, tenant, integrityFlagsRequest(tenant, notice.id, award!.id));
  return award!;
}
