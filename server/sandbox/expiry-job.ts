/**
 * Job `sandbox-expiry`: a training sandbox past its expiry is exported to
 * DATA_DIR/sandboxes/<slug>/expired-<time>.tar.gz, then dropped (the order of the CLI's `drop`),
 * and its schedules and pending jobs go with it. It runs hourly for each sandbox (jobs/schedules.ts)
 * and once at the exact expiry (planned at creation); whichever comes first drops it, and the
 * other finds the tenant gone (the runner skips it).
 */
import type { Deps } from '../deps.js';
import { DEFAULT_JOB_OPTIONS, jobId } from '../jobs/catalog.js';
import type { QueueSystem } from '../jobs/queues.js';
import type { JobHandler } from '../jobs/runner.js';
import { removeTenantSchedules } from '../jobs/schedules.js';
import { removeTenantJobs } from '../jobs/tenant-jobs.js';
import { tenantArchives } from '../tenancy/archive.js';
import { sandboxExpiredExport } from './files.js';

type ExpiryDeps = Pick<Deps, 'tenancy' | 'keys' | 'provisioning' | 'queues' | 'sandboxDir'>;

/**
 * The one-shot job at the sandbox's expiry. Its id carries the expiry, so a sandbox made again
 * under the same name gets its own, not the completed one of its predecessor.
 */
export async function planSandboxExpiry(queues: QueueSystem, slug: string, expiresAt: Date): Promise<void> {
  await queues.queues.maintenance.add(
    'sandbox-expiry',
    { tenant: slug },
    {
      ...DEFAULT_JOB_OPTIONS,
      jobId: jobId('expire', slug, expiresAt.getTime()),
      delay: Math.max(0, expiresAt.getTime() - Date.now()),
    },
  );
}

export function sandboxExpiryJob(deps: ExpiryDeps): JobHandler {
  return async ({ tenant }) => {
    // The real time, not the sandbox's clock: moving the clock forward never ends the class early.
    if (tenant.kind !== 'sandbox' || !tenant.sandbox || tenant.sandbox.expiresAt.getTime() > Date.now()) {
      return { expired: false };
    }
    const file = sandboxExpiredExport(deps.sandboxDir, tenant.slug, new Date());
    await tenantArchives(deps.tenancy, deps.keys).exportTenant(tenant, file);
    // Its schedules go before the tenant does: once the registry row is gone the sandbox is gone
    // for everyone, nothing of it left to run. Should the drop fail, this job is tried again.
    await removeTenantSchedules(deps.queues, tenant.slug);
    await deps.provisioning.drop(tenant.slug);
    await removeTenantJobs(deps.queues, tenant.slug);
    return { expired: true, export: file };
  };
}
