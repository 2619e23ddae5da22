/**
 * Setting execution targets: the tenant admin gives an agency a milestone for a fiscal year ("60 %
 * of the planned value ordered by 30 June"). Setting the same date again adds the next version,
 * so a warning that cited the earlier one can still be read; every change is in the audit trail.
 */
import type { Deps } from '../deps.js';
import { ValidationError } from '../http/validate.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { agencyTargetReference } from './targets-read.js';
import type { TargetInput } from './schema.js';

export function targetsService(deps: Pick<Deps, 'audit'>) {
  return {
    /** Sets (or sets again) one milestone; returns how it is cited. */
    async set(actor: Actor, input: TargetInput): Promise<string> {
      const { user } = actor;
      assertCan(user, 'agencies:manage');
      return inTenant(actor.tenant, async (tx) => {
        const agency = await tx('agencies')
          .where({ id: input.agencyId })
          .first<{ id: string; code: string }>('id', 'code');
        if (!agency) throw new ValidationError([{ field: 'agencyId', key: 'targets:agency_required' }]);
        // Two admins setting the same milestone at once: the second waits and takes the next version.
        await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`execution-target:${agency.id}`]);
        const before = await tx('execution_targets')
          .where({ agency_id: agency.id, fiscal_year: input.fiscalYear, due_on: input.dueOn })
          .orderBy('version', 'desc')
          .first<{ id: string; percent: string; version: number } | undefined>('id', 'percent', 'version');
        const version = (before?.version ?? 0) + 1;
        const [row] = await tx('execution_targets')
          .insert({
            agency_id: agency.id,
            fiscal_year: input.fiscalYear,
            due_on: input.dueOn,
            percent: input.percent,
            version,
            set_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        const reference = agencyTargetReference(agency.code, input.dueOn, version);
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'execution-target.set',
          target: { type: 'agency', id: agency.id },
          summary: {
            target: row!.id,
            reference,
            fiscalYear: input.fiscalYear,
            dueOn: input.dueOn,
            ...(before ? { before: { percent: Number(before.percent), version: before.version } } : {}),
            after: { percent: input.percent, version },
          },
        });
        return reference;
      });
    },
  };
}
