/**
 * Timed jobs are derived from the database, not trusted to the queue: at every start each
 * tenant's pending timed work is added again as delayed jobs (same deterministic ids, so nothing
 * doubles), so a wiped Redis loses nothing. While the processes run, the work overdue by a while
 * is looked at again periodically (reconcileOverdueJobs): Redis replicates asynchronously, so a
 * failover may lose a job the outbox had already handed over, and no restart would bring it back.
 * Which features have timed work is the job registry's business (server/job-registry.ts), not
 * this file's.
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { DEFAULT_JOB_OPTIONS, JOB_TYPES } from './catalog.js';
import { withDueTime, type JobRequest } from './outbox.js';
import type { QueueSystem } from './queues.js';

/** A feature's source of timed work: the jobs still due in one tenant, read from its database. */
export type TimedWork = (tx: Knex.Transaction, tenant: TenantHandle) => Promise<JobRequest[]>;

/** Work past its time by more than this is expected to have run (or be running) already. */
export const OVERDUE_AFTER_MS = 30_000;

export async function rederiveTimedJobs(
  queues: QueueSystem,
  tenancy: Tenancy,
  logger: Logger,
  timedWork: readonly TimedWork[],
): Promise<number> {
  let count = 0;
  const skipped = (slug: string, reason: string) => logger.warn({ tenant: slug, reason }, 'timed jobs not re-derived');
  for (const tenant of await tenancy.operatingTenants(skipped)) {
    try {
      count += await rederiveTenantTimedJobs(queues, tenant, timedWork);
    } catch (error) {
      logger.error({ err: error, tenant: tenant.slug }, 'timed jobs not re-derived');
    }
  }
  return count;
}

/**
 * Every tenant's work that the database still calls pending although its time passed more than
 * `overdueByMs` ago, handed to the queue again when the queue no longer holds its job; returns the
 * ids brought back. A job the queue still holds (delayed for a paused tenant, retrying, running,
 * finished) is left alone, so this is cheap when nothing was lost, and handlers are idempotent
 * anyway: a job brought back while another copy reappears runs its effect once.
 */
export async function reconcileOverdueJobs(
  queues: QueueSystem,
  tenancy: Tenancy,
  logger: Logger,
  timedWork: readonly TimedWork[],
  overdueByMs = OVERDUE_AFTER_MS,
): Promise<string[]> {
  const recovered: string[] = [];
  for (const tenant of await tenancy.operatingTenants()) {
    try {
      const { jobs, at } = await deriveTenantWork(tenant, timedWork);
      for (const job of jobs) {
        if ((job.runAt?.getTime() ?? 0) > at - overdueByMs) continue;
        const queue = queues.queues[JOB_TYPES[job.name].queue];
        if (await queue.getJob(job.jobId)) continue;
        await queue.add(job.name, withDueTime({ ...job.data, tenant: tenant.slug }, job.runAt), {
          ...DEFAULT_JOB_OPTIONS,
          jobId: job.jobId,
        });
        recovered.push(job.jobId);
      }
    } catch (error) {
      logger.warn({ err: error, tenant: tenant.slug }, 'overdue jobs not reconciled');
    }
  }
  if (recovered.length > 0) logger.warn({ jobs: recovered }, 'overdue jobs the queue had lost were handed to it again');
  return recovered;
}

async function deriveTenantWork(
  tenant: TenantHandle,
  timedWork: readonly TimedWork[],
): Promise<{ jobs: JobRequest[]; at: number }> {
  return inTenant(tenant, async (tx) => {
    // One after another: a transaction is one connection, which runs one query at a time.
    const derived: JobRequest[] = [];
    for (const derive of timedWork) derived.push(...(await derive(tx, tenant)));
    return { jobs: derived, at: (await now(tx)).getTime() };
  });
}

/**
 * One tenant's timed jobs, added again from its database. `replaceFinished` (a sandbox after its
 * reset, whose data went back in time) first removes a finished job of the same id, which would
 * otherwise swallow the new one for as long as finished jobs are kept.
 */
export async function rederiveTenantTimedJobs(
  queues: QueueSystem,
  tenant: TenantHandle,
  timedWork: readonly TimedWork[],
  options: { replaceFinished?: boolean } = {},
): Promise<number> {
  const { jobs, at } = await deriveTenantWork(tenant, timedWork);
  for (const job of jobs) {
    const queue = queues.queues[JOB_TYPES[job.name].queue];
    if (options.replaceFinished) {
      const finished = await queue.getJob(job.jobId);
      if (finished && (finished.finishedOn ?? 0) > 0) await finished.remove().catch(() => undefined);
    }
    await queue.add(job.name, withDueTime({ ...job.data, tenant: tenant.slug }, job.runAt), {
      ...DEFAULT_JOB_OPTIONS,
      jobId: job.jobId,
      delay: job.runAt ? Math.max(0, job.runAt.getTime() - at) : 0,
    });
  }
  return jobs.length;
}
