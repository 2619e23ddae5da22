/**
 * Job `registration-sweep` (daily, in the tenant's time zone): registrations past their validity
 * are marked expired (audited), and any reminder not yet planned is queued, as a safety net.
 */
import type { JobHandler } from '../jobs/runner.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { pendingRenewalReminders } from './renewal-reminder-job.js';

export function registrationSweepJob(services: Deps): JobHandler {
  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const expired = await tx('suppliers')
        .where({ status: 'approved' })
        .where('valid_until', '<=', tx.raw('app_now()'))
        .update({ status: 'expired', updated_at: tx.raw('app_now()') })
        .returning<{ id: string }[]>('id');
      for (const { id } of expired) {
        await services.audit.record(
          tx,
          tenant,
          { actor: { type: 'system', label: 'registration-sweep' } },
          { action: 'supplier.registration-expired', target: { type: 'supplier', id } },
        );
      }
      const reminders = await pendingRenewalReminders(tx, tenant);
      for (const reminder of reminders) await services.relay.enqueue(tx, tenant, reminder);
      return { expired: expired.length, reminders: reminders.length };
    });
}
