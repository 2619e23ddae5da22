/** Job `retention-purge` (daily): device records older than the tenant's retention rule are deleted. */
import type { JobHandler } from '../jobs/runner.js';
import { deviceDataRetention } from '../regulations/retention.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { purgeDeviceEvents } from './devices.js';

export function retentionPurgeJob(services: Deps): JobHandler {
  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const { days, rule } = deviceDataRetention(tenant.config, await now(tx));
      const purged = await purgeDeviceEvents(tx, days);
      await services.audit.record(
        tx,
        tenant,
        { actor: { type: 'system', label: 'retention-purge' } },
        {
          action: 'privacy.device-data-purged',
          summary: { purged, retentionDays: days, rule },
        },
      );
      return { purged };
    });
}
