/**
 * The planning of `open-tender` jobs: one per notice revision, added in the transaction that
 * publishes or amends the notice, and re-derived from the database at every start. Apart from
 * the job's handler (open-tender-job.ts) so that notices can plan an opening without importing
 * the opening service.
 */
import type { Knex } from 'knex';
import { jobId } from '../../jobs/catalog.js';
import type { JobEnqueuer, JobRequest } from '../../jobs/outbox.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

export function openingJob(
  tenant: TenantHandle,
  notice: { id: string; revision: number; opening_at: Date },
): JobRequest {
  return {
    name: 'open-tender',
    jobId: jobId('open', tenant.slug, notice.id, `r${notice.revision}`),
    data: { noticeId: notice.id },
    runAt: notice.opening_at,
  };
}

/** Plans the opening of a published (or amended) notice, in the caller's transaction. */
export function scheduleOpening(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  relay: JobEnqueuer,
  notice: { id: string; revision: number; opening_at: Date },
): Promise<void> {
  return relay.enqueue(tx, tenant, openingJob(tenant, notice));
}

/** Openings still due, from the database (re-derived at start, so a wiped queue loses none). */
export async function pendingOpenings(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx('notices')
    .where({ status: 'active' })
    .whereNull('opened_at')
    .whereNotNull('published_at')
    .select<{ id: string; revision: number; opening_at: Date }[]>('id', 'revision', 'opening_at');
  return rows.map((n) => openingJob(tenant, n));
}
