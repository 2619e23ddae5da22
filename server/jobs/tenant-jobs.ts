/**
 * One tenant's jobs still to run, read from a queue page by page (a queue holds every tenant's),
 * and their removal when the tenant's data is replaced (a sandbox's reset).
 */
import type { Job } from 'bullmq';
import { QUEUE_NAMES, type JobPayload, type JobQueue, type QueueSystem } from './queues.js';

const PAGE = 500;

/** `slug`'s delayed or waiting jobs in `queue`, every page read before any is changed. */
export async function pendingTenantJobs(
  queue: JobQueue,
  slug: string,
  state: 'delayed' | 'waiting',
): Promise<Job<JobPayload>[]> {
  const mine: Job<JobPayload>[] = [];
  // Read every page first: changing or removing a job reorders the list being paged.
  for (let start = 0; ; start += PAGE) {
    const end = start + PAGE - 1;
    const page = state === 'delayed' ? await queue.getDelayed(start, end) : await queue.getWaiting(start, end);
    mine.push(...page.filter((job) => job.data.tenant === slug));
    if (page.length < PAGE) break;
  }
  return mine;
}

/**
 * Removes `slug`'s delayed and waiting jobs; returns how many. A job scheduler's next run is kept:
 * removing it would end the schedule, which does not depend on the tenant's data.
 */
export async function removeTenantJobs(queues: QueueSystem, slug: string): Promise<number> {
  let removed = 0;
  for (const name of QUEUE_NAMES) {
    for (const state of ['delayed', 'waiting'] as const) {
      for (const job of await pendingTenantJobs(queues.queues[name], slug, state)) {
        if (job.repeatJobKey) continue;
        try {
          await job.remove();
          removed++;
        } catch {
          // It started meanwhile (a worker holds its lock): it re-reads the tenant and finds the reset data.
        }
      }
    }
  }
  return removed;
}
