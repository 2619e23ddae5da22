/**
 * Job `renewal-reminder`: 30 days before a supplier's registration expires, its users are told in
 * their language. The job id carries the validity it was planned for, so a renewal (new validity)
 * plans a new job and the old one, if it fires, finds nothing to do. The job re-checks the time:
 * a reminder that fires early is put back until it is due.
 */
import type { Knex } from 'knex';
import { jobId } from '../jobs/catalog.js';
import type { JobRequest } from '../jobs/outbox.js';
import { delayUntil, type JobHandler } from '../jobs/runner.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';

export const REMINDER_DAYS_BEFORE = 30;
const DAY_MS = 24 * 3600 * 1000;

export function renewalReminder(tenant: TenantHandle, supplierId: string, validUntil: Date): JobRequest {
  return {
    name: 'renewal-reminder',
    jobId: jobId('renewal', tenant.slug, supplierId, Math.floor(validUntil.getTime() / 1000)),
    data: { supplierId, validUntil: validUntil.toISOString() },
    runAt: new Date(validUntil.getTime() - REMINDER_DAYS_BEFORE * DAY_MS),
  };
}

/** Reminders still to send, from the database (re-derived at start so a wiped queue loses none). */
export async function pendingRenewalReminders(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx('suppliers')
    .where({ status: 'approved' })
    .whereNotNull('valid_until')
    .where((q) => q.whereNull('renewal_reminded_for').orWhereRaw('renewal_reminded_for <> valid_until'))
    .select<{ id: string; valid_until: Date }[]>('id', 'valid_until');
  return rows.map((r) => renewalReminder(tenant, r.id, r.valid_until));
}

export function renewalReminderJob(services: Deps): JobHandler {
  return async (context) => {
    const { job, tenant } = context;
    const supplierId = String(job.data.supplierId);
    const plannedFor = String(job.data.validUntil);
    const outcome = await inTenant(tenant, async (tx) => {
      const supplier = await tx('suppliers').where({ id: supplierId }).forUpdate().first<
        | {
            id: string;
            status: string;
            valid_until: Date | null;
            renewal_reminded_for: Date | null;
            legal_name: Record<string, string>;
          }
        | undefined
      >();
      if (!supplier || supplier.status !== 'approved' || supplier.valid_until?.toISOString() !== plannedFor)
        return 'stale';
      if (supplier.renewal_reminded_for?.toISOString() === plannedFor) return 'already-sent';
      const dueAt = supplier.valid_until.getTime() - REMINDER_DAYS_BEFORE * DAY_MS;
      const at = (await now(tx)).getTime();
      if (at < dueAt) return { notBefore: dueAt };
      const users = await tx('users')
        .where({ supplier_id: supplier.id, status: 'active' })
        .select<{ email: string; locale: string | null; display_name: string }[]>('email', 'locale', 'display_name');
      for (const user of users) {
        await services.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'renewal_reminder',
          params: {
            name: user.display_name,
            company: supplier.legal_name[user.locale ?? ''] ?? Object.values(supplier.legal_name)[0] ?? '',
            until: plannedFor.slice(0, 10),
          },
        });
      }
      await tx('suppliers').where({ id: supplier.id }).update({ renewal_reminded_for: supplier.valid_until });
      await services.audit.record(
        tx,
        tenant,
        { actor: { type: 'system', label: 'renewal-reminder' } },
        {
          action: 'supplier.renewal-reminded',
          target: { type: 'supplier', id: supplier.id },
          summary: { validUntil: plannedFor },
        },
      );
      return 'sent';
    });
    if (typeof outcome === 'object') {
      // Fired early (a clock moved, a delay shortened): wait until it is really due.
      return delayUntil(context, outcome.notBefore);
    }
    return outcome;
  };
}
