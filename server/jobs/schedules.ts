/**
 * Repeating jobs per tenant, in the tenant's own time zone (BullMQ job schedulers, upserted
 * idempotently at every start): at night audit verification, the registration sweep, the
 * retention purge and the overdue-payments sweep; early in the morning the alert digests, so
 * suppliers read them with the day's first mail.
 */
import type { Tenancy } from '../tenancy/tenancy.js';
import { JOB_TYPES, jobId, type JobName } from './catalog.js';
import type { QueueSystem } from './queues.js';

export const NIGHTLY: { name: JobName; pattern: string }[] = [
  { name: 'audit-verification', pattern: '30 2 * * *' },
  { name: 'registration-sweep', pattern: '0 3 * * *' },
  { name: 'retention-purge', pattern: '30 3 * * *' },
  { name: 'payments-overdue-sweep', pattern: '0 4 * * *' },
  { name: 'alerts-digest', pattern: '0 6 * * *' },
];

export async function ensureSchedules(queues: QueueSystem, tenancy: Tenancy): Promise<number> {
  let count = 0;
  for (const tenant of await tenancy.operatingTenants()) {
    for (const { name, pattern } of NIGHTLY) {
      const queue = queues.queues[JOB_TYPES[name].queue];
      await queue.upsertJobScheduler(
        jobId(name, tenant.slug),
        { pattern, tz: tenant.config.timeZone },
        { name, data: { tenant: tenant.slug } },
      );
      count++;
    }
  }
  return count;
}
