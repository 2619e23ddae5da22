/**
 * Job `integrity-flags` (maintenance queue): with a `noticeId`, recomputes that tender's red flags
 * and its bidders' (enqueued by the opening and the award in their transactions); without, every
 * tender and supplier of the tenant (nightly, jobs/schedules.ts). It re-reads everything, and
 * stores only what changed, so running it twice changes nothing the second time.
 */
import type { Deps } from '../deps.js';
import { isUuid } from '../http/params.js';
import type { JobHandler } from '../jobs/runner.js';
import { recomputeAll, recomputeNotice } from './recompute.js';

export function integrityFlagsJob(deps: Pick<Deps, 'audit'>): JobHandler {
  return async ({ job, tenant }) => {
    const noticeId: unknown = job.data.noticeId;
    if (noticeId === undefined || noticeId === null) return recomputeAll(deps, tenant);
    if (!isUuid(noticeId)) return 'nothing-to-do';
    return recomputeNotice(deps, tenant, noticeId);
  };
}
