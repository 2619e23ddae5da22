/**
 * Job `open-tender` (critical queue): opens a tender at its opening time. The id carries the
 * notice's revision, so an addendum that moves the opening plans a new job; an older job that
 * fires early (or after the time moved) re-reads the notice and waits until the time is due.
 * Opening is idempotent, so two jobs, or a job and an officer, never open twice.
 */
import { DelayedError } from 'bullmq';
import type { Knex } from 'knex';
import { jobId } from '../../jobs/catalog.js';
import type { JobEnqueuer, JobRequest } from '../../jobs/outbox.js';
import type { JobHandler } from '../../jobs/runner.js';
import type { Services } from '../../services.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { openingService } from './service.js';

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

export function openTenderJob(services: Services): JobHandler {
  const opening = openingService(services);
  return async ({ job, tenant, token }) => {
    const noticeId = String(job.data.noticeId);
    const due = await inTenant(tenant, async (tx) => {
      const notice = await tx('notices')
        .where({ id: noticeId })
        .first<{ status: string; opened_at: Date | null; opening_at: Date } | undefined>();
      if (!notice || notice.status !== 'active' || notice.opened_at) return 'nothing-to-do';
      const at = (await now(tx)).getTime();
      return at < notice.opening_at.getTime() ? { notBefore: notice.opening_at.getTime() } : 'due';
    });
    if (typeof due === 'object') {
      await job.moveToDelayed(due.notBefore, token);
      throw new DelayedError();
    }
    if (due !== 'due') return due;
    const record = await opening.open(
      tenant,
      { actor: { type: 'system', id: null, label: 'open-tender' } },
      noticeId,
      null,
    );
    return record.outcome;
  };
}
