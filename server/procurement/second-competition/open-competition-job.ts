/**
 * Job `open-competition` (critical queue): opens a second competition's quotes at its deadline. A
 * job that fires early re-reads the competition and waits until the time is due; the opening is
 * idempotent, so a second run changes nothing. Planned by schedule.ts.
 */
import type { AuditContext } from '../../audit/trail.js';
import type { Deps } from '../../deps.js';
import { systemActor } from '../../identity/actor.js';
import { delayUntil, type JobHandler } from '../../jobs/runner.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { competitionOpening } from './opening.js';

/** The job's entries in the audit trail name it. */
const OPEN_COMPETITION: AuditContext = { actor: { type: 'system', id: null, label: 'open-competition' } };

export function openCompetitionJob(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox'>): JobHandler {
  const opening = competitionOpening(deps);
  return async (context) => {
    const { job, tenant } = context;
    const competitionId = String(job.data.competitionId);
    const due = await inTenant(tenant, async (tx) => {
      const c = await tx('second_competitions')
        .where({ id: competitionId })
        .first<{ status: string; closes_at: Date } | undefined>('status', 'closes_at');
      if (!c || c.status !== 'open') return 'nothing-to-do';
      const at = (await now(tx)).getTime();
      return at < c.closes_at.getTime() ? { notBefore: c.closes_at.getTime() } : 'due';
    });
    if (typeof due === 'object') return delayUntil(context, due.notBefore);
    if (due !== 'due') return due;
    return opening.open(systemActor(tenant, OPEN_COMPETITION), competitionId);
  };
}
