/** Job `retention-purge` (daily): device records older than the tenant's retention rule are deleted. */
import type { JobHandler } from '../jobs/runner.js';
import { ruleAt } from '../regulations/lookup.js';
import type { Services } from '../services.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { purgeDeviceEvents } from './devices.js';

export function retentionPurgeJob(services: Services): JobHandler {
  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const rule = ruleAt(tenant.config, 'device-data-retention', await now(tx));
      const days = rule?.value.days ?? 365;
      const purged = await purgeDeviceEvents(tx, days);
      await services.audit.record(
        tx,
        tenant,
        { actor: { type: 'system', label: 'retention-purge' } },
        {
          action: 'privacy.device-data-purged',
          summary: { purged, retentionDays: days, rule: rule ? `${rule.id} v${rule.version}` : 'default' },
        },
      );
      return { purged };
    });
}
