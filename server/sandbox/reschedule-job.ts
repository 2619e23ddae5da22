/**
 * Job `reschedule-sandbox-jobs`: the second pass after a sandbox's clock moved (sandbox/clock.ts).
 * The runner hands it the sandbox as the registry holds it now, so the moved clock.
 */
import type { Deps } from '../deps.js';
import type { JobHandler } from '../jobs/runner.js';
import { rescheduleTenantJobs } from '../jobs/reschedule.js';

export function rescheduleSandboxJobsJob(deps: Pick<Deps, 'queues'>): JobHandler {
  return async ({ tenant }) => (tenant.kind === 'sandbox' ? rescheduleTenantJobs(deps.queues, tenant) : 0);
}
