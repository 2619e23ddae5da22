/**
 * A training sandbox's reset: its data goes back to the snapshot taken when it was made (the class
 * starts again), its clock to the real time. Its registry row stays (class, expiry), and so do the
 * trainees' sign-in names and passwords, which are in the snapshot. The sandbox's queued jobs are
 * removed first (they belong to the data being replaced), then derived again from the restored data.
 */
import { existsSync } from 'node:fs';
import type { AuditContext } from '../audit/trail.js';
import type { Deps } from '../deps.js';
import { NotFoundError } from '../http/errors.js';
import { TIMED_WORK } from '../job-registry.js';
import { removeTenantJobs } from '../jobs/tenant-jobs.js';
import { rederiveTenantTimedJobs } from '../jobs/timed.js';
import { tenantArchives } from '../tenancy/archive.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { NotASandboxError } from './clock.js';
import { planSandboxExpiry } from './expiry-job.js';
import { sandboxSnapshot } from './files.js';

type ResetDeps = Pick<Deps, 'tenancy' | 'keys' | 'audit' | 'queues' | 'sandboxDir'>;

export interface SandboxReset {
  /** Queued jobs of the sandbox removed before the restore. */
  removedJobs: number;
  /** Timed jobs derived again from the restored data. */
  timedJobs: number;
}

/** Restores `slug`'s snapshot over it, if it is a sandbox. */
export async function resetSandbox(deps: ResetDeps, audit: AuditContext, slug: string): Promise<SandboxReset> {
  const record = await deps.tenancy.registry.findNow(slug);
  if (!record) throw new NotFoundError();
  // As for its clock (clock.ts): a sandbox lives in the primary database, never in a placement.
  if (record.kind !== 'sandbox' || record.placement) throw new NotASandboxError();
  const snapshot = sandboxSnapshot(deps.sandboxDir, record.slug);
  if (!existsSync(snapshot)) throw new ProvisioningError(`Sandbox "${record.slug}" has no snapshot (${snapshot})`);
  const removedJobs = await removeTenantJobs(deps.queues, record.slug);
  await tenantArchives(deps.tenancy, deps.keys).restoreTenant(snapshot, { replace: true });
  const reset = await deps.tenancy.registry.resetClock(record.slug);
  const tenant = reset && deps.tenancy.handleFor(reset);
  if (!tenant) throw new NotFoundError();
  await inTenant(tenant, (tx) =>
    deps.audit.record(tx, tenant, audit, {
      action: 'sandbox.reset',
      summary: { clockOffsetMs: record.clockOffsetMs, removedJobs },
    }),
  );
  const timedJobs = await rederiveTenantTimedJobs(deps.queues, tenant, TIMED_WORK, { replaceFinished: true });
  // Its expiry job was among those removed.
  await planSandboxExpiry(deps.queues, tenant.slug, reset.sandbox!.expiresAt);
  return { removedJobs, timedJobs };
}
