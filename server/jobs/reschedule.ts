/**
 * When a training sandbox's clock moves forward, its delayed jobs must move with it: an opening due
 * in the sandbox's future fires when the sandbox reaches it, not when the calendar does. Each timed
 * job carries its due time on the tenant's clock (`dueAt`, jobs/outbox.ts), so its new delay is
 * worked out from that alone: running this twice, or after a second move, gives the same result.
 */
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';
import { QUEUE_NAMES, type QueueSystem } from './queues.js';
import { pendingTenantJobs } from './tenant-jobs.js';

/** Reschedules `tenant`'s delayed jobs to its clock; returns how many were moved. */
export async function rescheduleTenantJobs(queues: QueueSystem, tenant: TenantHandle): Promise<number> {
  let moved = 0;
  for (const name of QUEUE_NAMES) {
    const mine = (await pendingTenantJobs(queues.queues[name], tenant.slug, 'delayed')).filter(
      (job) => typeof job.data.dueAt === 'number',
    );
    const now = clockInstant(tenant.clock).getTime();
    for (const job of mine) {
      const wait = (job.data.dueAt as number) - now;
      try {
        // Due already on the moved clock: to the waiting list at once.
        if (wait <= 0) await job.promote();
        else await job.changeDelay(wait);
        moved++;
      } catch {
        // It started, or was removed, between the read and the change: nothing left to move.
      }
    }
  }
  return moved;
}
