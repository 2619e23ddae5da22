/**
 * Timed jobs are derived from the database, not trusted to the queue: at every start each
 * tenant's pending timed work is added again as delayed jobs (same deterministic ids, so nothing
 * doubles), so a wiped Redis loses nothing. Which features have timed work is the job registry's
 * business (server/job-registry.ts), not this file's.
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
  const { jobs, at } = await inTenant(tenant, async (tx) => {
    // One after another: a transaction is one connection, which runs one query at a time.
    const derived: JobRequest[] = [];
    for (const derive of timedWork) derived.push(...(await derive(tx, tenant)));
    return { jobs: derived, at: (await now(tx)).getTime() };
  });
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
