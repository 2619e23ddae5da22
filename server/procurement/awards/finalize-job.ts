/**
 * Job `award-finalize`: at the end of the standstill the award becomes final, unless a complaint
 * is open (its answer decides; a dismissal plans this job again). Idempotent: a final or
 * withdrawn award is left alone, and a job that fires early waits until the standstill ends.
 */
import { DelayedError } from 'bullmq';
import type { JobHandler } from '../../jobs/runner.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { awardsService, type AwardRow } from './service.js';

export function awardFinalizeJob(services: Deps): JobHandler {
  const awards = awardsService(services);
  return async ({ job, tenant, token }) => {
    const awardId = String(job.data.awardId);
    const state = await inTenant(tenant, async (tx) => {
      const award = await tx<AwardRow>('awards').where({ id: awardId }).first();
      if (!award || award.status !== 'standstill') return 'nothing-to-do';
      if ((await now(tx)) < award.standstill_ends_at)
        return { notBefore: award.standstill_ends_at.getTime(), noticeId: award.notice_id };
      if (await tx('complaints').where({ award_id: award.id, status: 'open' }).first()) return 'complaint-open';
      return { notBefore: null, noticeId: award.notice_id };
    });
    if (typeof state === 'string') return state;
    if (state.notBefore !== null) {
      await job.moveToDelayed(state.notBefore, token);
      throw new DelayedError();
    }
    await awards.finalize(
      tenant,
      null,
      { actor: { type: 'system', id: null, label: 'award-finalize' } },
      state.noticeId,
    );
    return 'final';
  };
}
