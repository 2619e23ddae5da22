/**
 * Job `award-finalize`: at the end of the standstill the award becomes final, unless a complaint
 * is open (its answer decides; a dismissal plans this job again). Idempotent: a final or
 * withdrawn award is left alone, and a job that fires early waits until the standstill ends.
 */
import type { Deps } from '../../deps.js';
import { systemActor } from '../../identity/actor.js';
import { delayUntil, type JobHandler } from '../../jobs/runner.js';
import { awardsService } from './service.js';

export function awardFinalizeJob(deps: Deps): JobHandler {
  const awards = awardsService(deps);
  return async (context) => {
    const { job, tenant } = context;
    const actor = systemActor(tenant, { actor: { type: 'system', id: null, label: 'award-finalize' } });
    const state = await awards.finalizationState(actor, String(job.data.awardId));
    if (typeof state === 'string') return state;
    if (state.notBefore !== null) return delayUntil(context, state.notBefore);
    await awards.finalize(actor, state.noticeId);
    return 'final';
  };
}
