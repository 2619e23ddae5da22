/**
 * The call center's tickets: every call logged in the caller's tenant (caller, language, topic
 * from the tenant's list, notes, outcome, follow-up), handed over between agents granted that
 * tenant, and the queues an agent works from. Each change is a ticket entry and an audit entry
 * of the tenant, in one transaction.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { ValidationError } from '../http/validate.js';
import { grantedTenant } from '../platform/desk.js';
import type { StaffActor } from '../platform/staff-steps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { CallOutcome, CallTopic } from './catalog.js';
import { followUpReminder } from './follow-up-job.js';
import { callCenterMetrics } from './metrics.js';
import { addTicketEntry, openTicket, type TicketRow } from './ticket-entries.js';

type TicketDeps = Pick<Deps, 'tenancy' | 'audit' | 'relay' | 'staff' | 'metrics'>;

export interface NewTicket {
  tenant: string;
  callerName: string;
  callerContact: string;
  /** The account or company the call is about, when the agent found it. */
  userId?: string | undefined;
  supplierId?: string | undefined;
  language: string;
  topic: CallTopic;
  notes: string;
  followUpAt?: Date | undefined;
}

export interface TicketUpdate {
  note?: string | undefined;
  /** A new follow-up time; null clears it. */
  followUpAt?: Date | null | undefined;
}

export interface TicketClosing {
  outcome: CallOutcome;
  note: string;
}

/** The ticket's number: the tenant's country, then a serial (VN-CC-000042). */
async function ticketNumber(tx: Knex.Transaction, tenant: TenantHandle): Promise<string> {
  const { rows } = await tx.raw<{ rows: { n: string }[] }>(`select nextval('support_ticket_serial') as n`);
  return `${tenant.config.country}-CC-${rows[0]!.n.padStart(6, '0')}`;
}

/** The caller's account or company must be of this tenant. */
async function checkCaller(tx: Knex.Transaction, input: NewTicket): Promise<void> {
  const problems = [];
  if (input.userId && !(await tx('users').where({ id: input.userId }).first('id')))
    problems.push({ field: 'userId', key: 'errors:not_found' });
  if (input.supplierId && !(await tx('suppliers').where({ id: input.supplierId }).first('id')))
    problems.push({ field: 'supplierId', key: 'errors:not_found' });
  if (problems.length > 0) throw new ValidationError(problems);
}

export function ticketService(deps: TicketDeps) {
  const audited = (
    tx: Knex.Transaction,
    tenant: TenantHandle,
    actor: StaffActor,
    action: string,
    ticket: Pick<TicketRow, 'id' | 'ticket_no'>,
    summary: Record<string, unknown> = {},
  ) =>
    deps.audit.record(tx, tenant, actor.audit, {
      action,
      target: { type: 'support-ticket', id: ticket.id },
      summary: { ticket: ticket.ticket_no, ...summary },
    });

  const planFollowUp = async (tx: Knex.Transaction, tenant: TenantHandle, ticket: TicketRow) => {
    if (ticket.follow_up_at)
      await deps.relay.enqueue(tx, tenant, followUpReminder(tenant, ticket.id, ticket.follow_up_at));
  };

  /** The open ticket of a granted tenant, locked for the change. */
  const changing = async <T>(
    actor: StaffActor,
    slug: string,
    ticketId: string,
    change: (tx: Knex.Transaction, tenant: TenantHandle, ticket: TicketRow) => Promise<T>,
  ): Promise<T> => {
    const tenant = await grantedTenant(deps, actor.staff, slug);
    return inTenant(tenant, async (tx) => {
      const ticket = await openTicket(tx, ticketId);
      await tx('support_tickets').where({ id: ticket.id }).forUpdate().first('id');
      return change(tx, tenant, ticket);
    });
  };

  return {
    /** Logs a call: the ticket is the agent's until handed over. */
    async open(actor: StaffActor, input: NewTicket, agentLanguage: string): Promise<{ tenant: string; id: string }> {
      const tenant = await grantedTenant(deps, actor.staff, input.tenant);
      if (!tenant.config.callCenter.topics.includes(input.topic))
        throw new ValidationError([{ field: 'topic', key: 'validation:invalid' }]);
      return inTenant(tenant, async (tx) => {
        await checkCaller(tx, input);
        const [ticket] = await tx<TicketRow>('support_tickets')
          .insert({
            ticket_no: await ticketNumber(tx, tenant),
            caller_name: input.callerName,
            caller_contact: input.callerContact,
            caller_user_id: input.userId ?? null,
            caller_supplier_id: input.supplierId ?? null,
            language: input.language,
            topic: input.topic,
            assigned_staff_id: actor.staff.id,
            assigned_staff_label: actor.staff.email,
            assigned_staff_language: agentLanguage,
            opened_by_staff_id: actor.staff.id,
            follow_up_at: input.followUpAt ?? null,
          })
          .returning('*');
        if (input.notes) await addTicketEntry(tx, ticket!.id, actor.staff, { kind: 'note', body: input.notes });
        await planFollowUp(tx, tenant, ticket!);
        await audited(tx, tenant, actor, 'callcenter.ticket-opened', ticket!, {
          topic: input.topic,
          language: input.language,
        });
        return { tenant: tenant.slug, id: ticket!.id };
      });
    },

    /** A note and/or a new follow-up time. */
    update(actor: StaffActor, slug: string, ticketId: string, input: TicketUpdate): Promise<void> {
      return changing(actor, slug, ticketId, async (tx, tenant, ticket) => {
        if (input.note) await addTicketEntry(tx, ticket.id, actor.staff, { kind: 'note', body: input.note });
        if (input.followUpAt !== undefined) {
          const [changed] = await tx<TicketRow>('support_tickets')
            .where({ id: ticket.id })
            .update({ follow_up_at: input.followUpAt, follow_up_reminded_at: null })
            .returning('*');
          await planFollowUp(tx, tenant, changed!);
        }
        await audited(tx, tenant, actor, 'callcenter.ticket-updated', ticket, {
          note: Boolean(input.note),
          ...(input.followUpAt !== undefined ? { followUp: input.followUpAt?.toISOString() ?? null } : {}),
        });
      });
    },

    /** Gives the ticket to another active agent granted the same tenant. */
    handOver(actor: StaffActor, slug: string, ticketId: string, input: { to: string; note: string; language: string }) {
      return changing(actor, slug, ticketId, async (tx, tenant, ticket) => {
        const to = await deps.staff.member(input.to);
        if (!to || to.role !== 'agent' || !to.grants.includes(tenant.slug) || to.id === ticket.assigned_staff_id)
          throw new ValidationError([{ field: 'to', key: 'callcenter:handover_not_allowed' }]);
        await tx('support_tickets').where({ id: ticket.id }).update({
          assigned_staff_id: to.id,
          assigned_staff_label: to.email,
          assigned_staff_language: input.language,
        });
        await addTicketEntry(tx, ticket.id, actor.staff, {
          kind: 'handover',
          body: input.note,
          details: { from: ticket.assigned_staff_label, to: to.email },
        });
        await audited(tx, tenant, actor, 'callcenter.ticket-handed-over', ticket, { to: to.email });
      });
    },

    async close(actor: StaffActor, slug: string, ticketId: string, input: TicketClosing): Promise<void> {
      const closed = await changing(actor, slug, ticketId, async (tx, tenant, ticket) => {
        const [row] = await tx<TicketRow>('support_tickets')
          .where({ id: ticket.id })
          .update({ status: 'closed', outcome: input.outcome, closed_at: tx.raw('app_now()'), follow_up_at: null })
          .returning('*');
        await addTicketEntry(tx, ticket.id, actor.staff, {
          kind: 'closed',
          body: input.note,
          details: { outcome: input.outcome },
        });
        await audited(tx, tenant, actor, 'callcenter.ticket-closed', ticket, { outcome: input.outcome });
        return { tenant, row: row! };
      });
      // Counted once committed; training sandboxes are not the call center's figures.
      if (closed.tenant.kind === 'sandbox') return;
      const metrics = callCenterMetrics(deps.metrics.registry);
      const { row } = closed;
      metrics.calls.inc({ tenant: slug, topic: row.topic, language: row.language, outcome: input.outcome });
      metrics.resolution.observe({ tenant: slug }, (row.closed_at!.getTime() - row.opened_at.getTime()) / 1000);
    },

    /** A closed ticket opened again (the caller called back about the same thing). */
    async reopen(actor: StaffActor, slug: string, ticketId: string, language: string): Promise<void> {
      const tenant = await grantedTenant(deps, actor.staff, slug);
      await inTenant(tenant, async (tx) => {
        const [ticket] = await tx<TicketRow>('support_tickets')
          .where({ id: ticketId, status: 'closed' })
          .update({
            status: 'open',
            outcome: null,
            closed_at: null,
            assigned_staff_id: actor.staff.id,
            assigned_staff_label: actor.staff.email,
            assigned_staff_language: language,
          })
          .returning('*');
        if (!ticket) return;
        await addTicketEntry(tx, ticket.id, actor.staff, { kind: 'reopened' });
        await audited(tx, tenant, actor, 'callcenter.ticket-reopened', ticket);
      });
    },
  };
}

export type TicketService = ReturnType<typeof ticketService>;
