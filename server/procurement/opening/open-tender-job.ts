/**
 * Job `open-tender` (critical queue): opens a tender at its opening time. The id carries the
 * notice's revision, so an addendum that moves the opening plans a new job; an older job that
 * fires early (or after the time moved) re-reads the notice and waits until the time is due.
 * Opening is idempotent, so two jobs, or a job and an officer, never open twice. The jobs are
 * planned by schedule.ts.
 */
import type { AuditContext } from '../../audit/trail.js';
import type { Deps } from '../../deps.js';
import { systemActor } from '../../identity/actor.js';
import { delayUntil, type JobHandler } from '../../jobs/runner.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { openingService } from './service.js';

/** The job's entries in the audit trail name it. */
const OPEN_TENDER: AuditContext = { actor: { type: 'system', id: null, label: 'open-tender' } };

export function openTenderJob(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'relay'>): JobHandler {
  const opening = openingService(deps);
  return async (context) => {
    const { job, tenant } = context;
    const noticeId = String(job.data.noticeId);
    const due = await inTenant(tenant, async (tx) => {
      const notice = await tx('notices')
        .where({ id: noticeId })
        .first<{ status: string; opened_at: Date | null; opening_at: Date } | undefined>();
      if (!notice || notice.status !== 'active' || notice.opened_at) return 'nothing-to-do';
      const at = (await now(tx)).getTime();
      return at < notice.opening_at.getTime() ? { notBefore: notice.opening_at.getTime() } : 'due';
    });
    if (typeof due === 'object') return delayUntil(context, due.notBefore);
    if (due !== 'due') return due;
    const record = await opening.open(systemActor(tenant, OPEN_TENDER), noticeId);
    return record.outcome;
  };
}
