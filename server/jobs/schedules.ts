/**
 * Repeating jobs per tenant, in the tenant's own time zone (BullMQ job schedulers, upserted
 * idempotently at every start): at night audit verification, the registration sweep, the
 * retention purge, the overdue-payments sweep, the integrity red flags and the OCDS bulk file;
 * early in the morning the alert digests, so suppliers read them with the day's first mail; on
 * Monday mornings the execution-target warnings. A training sandbox is also checked hourly for
 * its expiry.
 */
import type { Tenancy } from '../tenancy/tenancy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { JOB_TYPES, jobId, type JobName } from './catalog.js';
import type { QueueSystem } from './queues.js';

type Schedule = { name: JobName; pattern: string };

export const NIGHTLY: Schedule[] = [
  { name: 'audit-verification', pattern: '30 2 * * *' },
  { name: 'registration-sweep', pattern: '0 3 * * *' },
  { name: 'retention-purge', pattern: '30 3 * * *' },
  { name: 'payments-overdue-sweep', pattern: '0 4 * * *' },
  { name: 'integrity-flags', pattern: '30 4 * * *' },
  { name: 'ocds-export', pattern: '0 5 * * *' },
  { name: 'alerts-digest', pattern: '0 6 * * *' },
];

/** Monday morning: agencies behind their budget execution targets are told at the start of the week. */
export const WEEKLY: Schedule[] = [{ name: 'execution-target-warnings', pattern: '0 7 * * 1' }];

export const SANDBOX_HOURLY: Schedule[] = [{ name: 'sandbox-expiry', pattern: '0 * * * *' }];

export async function ensureSchedules(queues: QueueSystem, tenancy: Tenancy): Promise<number> {
  let count = 0;
  for (const tenant of await tenancy.operatingTenants()) count += await ensureTenantSchedules(queues, tenant);
  return count;
}

/** One tenant's schedules (a sandbox made while the platform runs has them at once). */
export async function ensureTenantSchedules(queues: QueueSystem, tenant: TenantHandle): Promise<number> {
  const schedules = tenant.kind === 'sandbox' ? [...NIGHTLY, ...WEEKLY, ...SANDBOX_HOURLY] : [...NIGHTLY, ...WEEKLY];
  for (const { name, pattern } of schedules) {
    await queues.queues[JOB_TYPES[name].queue].upsertJobScheduler(
      jobId(name, tenant.slug),
      { pattern, tz: tenant.config.timeZone },
      { name, data: { tenant: tenant.slug } },
    );
  }
  return schedules.length;
}

/** Removes a dropped tenant's schedules. */
export async function removeTenantSchedules(queues: QueueSystem, slug: string): Promise<void> {
  for (const { name } of [...NIGHTLY, ...WEEKLY, ...SANDBOX_HOURLY]) {
    await queues.queues[JOB_TYPES[name].queue].removeJobScheduler(jobId(name, slug));
  }
}
