/**
 * Job `callcenter-follow-up`: when a ticket's follow-up falls due, the agent it is assigned to is
 * reminded by e-mail in their language, once. The job id carries the time planned, so a follow-up
 * moved plans a new job and the old one, if it fires, finds nothing to do; one that fires early
 * is put back until it is due (the tenant's clock: a sandbox's moves it).
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { jobId } from '../jobs/catalog.js';
import type { JobRequest } from '../jobs/outbox.js';
import { delayUntil, type JobHandler } from '../jobs/runner.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import type { TicketRow } from './ticket-entries.js';

export function followUpReminder(tenant: TenantHandle, ticketId: string, at: Date): JobRequest {
  return {
    name: 'callcenter-follow-up',
    jobId: jobId('follow-up', tenant.slug, ticketId, Math.floor(at.getTime() / 1000)),
    data: { ticketId, followUpAt: at.toISOString() },
    runAt: at,
  };
}

/** Follow-ups still to remind, from the database (re-derived at start so a wiped queue loses none). */
export async function pendingFollowUps(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx<TicketRow>('support_tickets')
    .where({ status: 'open' })
    .whereNotNull('follow_up_at')
    .whereNull('follow_up_reminded_at')
    .select('id', 'follow_up_at');
  return rows.map((r) => followUpReminder(tenant, r.id, r.follow_up_at!));
}

export function followUpJob(services: Pick<Deps, 'mailer'>): JobHandler {
  return async (context) => {
    const { job, tenant } = context;
    const plannedFor = String(job.data.followUpAt);
    const outcome = await inTenant(tenant, async (tx) => {
      const ticket = await tx<TicketRow>('support_tickets')
        .where({ id: String(job.data.ticketId) })
        .forUpdate()
        .first();
      if (!ticket || ticket.status !== 'open' || ticket.follow_up_at?.toISOString() !== plannedFor) return 'stale';
      if (ticket.follow_up_reminded_at) return 'already-sent';
      const at = await now(tx);
      if (at.getTime() < ticket.follow_up_at.getTime()) return { notBefore: ticket.follow_up_at.getTime() };
      await tx('support_tickets').where({ id: ticket.id }).update({ follow_up_reminded_at: at });
      await services.mailer.queue(tx, tenant, {
        to: ticket.assigned_staff_label,
        locale: ticket.assigned_staff_language,
        staffRecipient: true,
        template: 'callcenter_follow_up',
        params: { ticket: ticket.ticket_no, caller: ticket.caller_name, at: ticket.follow_up_at },
      });
      return 'reminded';
    });
    if (typeof outcome === 'object') return delayUntil(context, outcome.notBefore);
    return { outcome };
  };
}
