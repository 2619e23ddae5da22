/**
 * What the call-center console reads: one search across the tenants granted to the agent, the
 * read-only views of an account, a supplier and a notice, and the tickets. Every look into a
 * tenant is written to that tenant's audit trail, with the ticket it was made for when there is
 * one. Tenants not granted are never read: not searched, not counted, their ids not found.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { findPendingApproval } from '../approvals/request.js';
import { grantedTenant } from '../platform/desk.js';
import type { StaffActor } from '../platform/staff-steps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { failingAddresses } from './account-actions.js';
import { accountView, noticeView, supplierView } from './caller-read.js';
import { readConsoleQuery } from './search-query.js';
import { hitCount, searchTenant, type TenantHits } from './search-read.js';
import type { TicketRow } from './ticket-entries.js';

type ConsoleDeps = Pick<Deps, 'tenancy' | 'audit' | 'throttle' | 'staff'>;

export interface TenantResult {
  tenant: TenantHandle;
  hits: TenantHits;
}

export interface TicketFilter {
  tenant?: string | undefined;
  language?: string | undefined;
  status: 'open' | 'closed' | 'all';
  mine: boolean;
  q?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The ticket a look was made for, when it is one of this tenant's. */
async function ticketOf(tx: Knex.Transaction, ticketId: string | undefined): Promise<TicketRow | undefined> {
  if (!ticketId || !UUID.test(ticketId)) return undefined;
  return tx<TicketRow>('support_tickets').where({ id: ticketId }).first();
}

export function callCenterConsole(deps: ConsoleDeps) {
  /** The granted tenants that exist, in grant order. */
  const granted = async (actor: StaffActor): Promise<TenantHandle[]> =>
    (await Promise.all(actor.staff.grants.map((slug) => deps.tenancy.resolve(slug)))).filter(
      (t): t is TenantHandle => t !== undefined,
    );

  /** A look into one granted tenant, audited there with its ticket. */
  const look = async <T>(
    actor: StaffActor,
    place: { tenant: string; ticketId?: string | undefined },
    what: { action: string; target: { type: string; id: string } },
    read: (tx: Knex.Transaction, tenant: TenantHandle) => Promise<T>,
  ): Promise<{ tenant: TenantHandle; view: T; ticket: TicketRow | undefined }> => {
    const tenant = await grantedTenant(deps, actor.staff, place.tenant);
    return inTenant(tenant, async (tx) => {
      const view = await read(tx, tenant);
      const ticket = await ticketOf(tx, place.ticketId);
      await deps.audit.record(tx, tenant, actor.audit, {
        action: what.action,
        target: what.target,
        summary: ticket ? { ticket: ticket.ticket_no } : {},
      });
      return { tenant, view, ticket };
    });
  };

  return {
    granted,

    /** Everything the query may mean, in every granted tenant; each tenant searched is audited. */
    async search(actor: StaffActor, typed: string, lng: string): Promise<TenantResult[]> {
      const query = readConsoleQuery(typed);
      const results = await Promise.all(
        (await granted(actor)).map((tenant) =>
          inTenant(tenant, async (tx) => {
            const hits = await searchTenant(tx, query, lng);
            await deps.audit.record(tx, tenant, actor.audit, {
              action: 'callcenter.search',
              summary: { query: query.text, results: hitCount(hits) },
            });
            return { tenant, hits };
          }),
        ),
      );
      return results.filter((r) => hitCount(r.hits) > 0);
    },

    async account(actor: StaffActor, place: { tenant: string; id: string; ticketId?: string | undefined }) {
      const seen = await look(
        actor,
        place,
        { action: 'callcenter.account-viewed', target: { type: 'user', id: place.id } },
        async (tx) => {
          const view = await accountView(tx, place.id);
          // The caller's last identity check on this ticket for this account, if any.
          const check = place.ticketId
            ? await tx('support_ticket_entries as e')
                .join('support_tickets as t', 't.id', 'e.ticket_id')
                .where({ 't.id': place.ticketId, 'e.kind': 'identity-check' })
                .whereRaw(`e.details->>'userId' = ?`, [view.id])
                .orderBy('e.id', 'desc')
                .first<{ details: { passed?: boolean }; at: Date } | undefined>('e.details', 'e.at')
            : undefined;
          return {
            ...view,
            failingAddresses: await failingAddresses(tx, view.email),
            identityCheck: check ? { passed: check.details.passed === true, at: check.at } : undefined,
            // A reset of the authenticator asked for and not yet decided by the administrator.
            resetPending:
              (await findPendingApproval(tx, {
                targetType: 'user',
                targetId: view.id,
                kind: 'second-factor-reset',
              })) !== undefined,
          };
        },
      );
      const heldUntil = await deps.throttle.heldUntil(seen.tenant.slug, seen.view.email, seen.view.failingAddresses);
      return { ...seen, heldUntil };
    },

    supplier(actor: StaffActor, place: { tenant: string; id: string; ticketId?: string | undefined }) {
      return look(
        actor,
        place,
        { action: 'callcenter.supplier-viewed', target: { type: 'supplier', id: place.id } },
        (tx) => supplierView(tx, place.id),
      );
    },

    notice(actor: StaffActor, place: { tenant: string; id: string; ticketId?: string | undefined }) {
      return look(
        actor,
        place,
        { action: 'callcenter.notice-viewed', target: { type: 'notice', id: place.id } },
        (tx) => noticeView(tx, place.id),
      );
    },

    /** Tickets of the granted tenants (or one of them) matching the filter, newest first. */
    async tickets(actor: StaffActor, filter: TicketFilter) {
      const tenants = (await granted(actor)).filter((t) => !filter.tenant || t.slug === filter.tenant);
      const perTenant = await Promise.all(
        tenants.map((tenant) =>
          inTenant(tenant, async (tx) => {
            const rows = (await tx('support_tickets')
              .modify((q: Knex.QueryBuilder) => {
                if (filter.status !== 'all') q.where({ status: filter.status });
                if (filter.language) q.where({ language: filter.language });
                if (filter.mine) q.where({ assigned_staff_id: actor.staff.id });
                if (filter.q) {
                  const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
                  q.where((w) =>
                    w
                      .whereRaw('lower(ticket_no) like ?', [pattern])
                      .orWhereRaw('lower(caller_name) like ?', [pattern])
                      .orWhereRaw('lower(caller_contact) like ?', [pattern]),
                  );
                }
              })
              .orderBy('opened_at', 'desc')
              .limit(100)) as TicketRow[];
            // The queues: open tickets per language, for the counts beside the filter.
            const queues: { language: string; count: string }[] = await tx('support_tickets')
              .where({ status: 'open' })
              .groupBy('language')
              .select<{ language: string; count: string }[]>('language', tx.raw('count(*) as count'));
            return { tenant, rows, queues: queues.map((q) => ({ language: q.language, count: Number(q.count) })) };
          }),
        ),
      );
      return perTenant;
    },

    /** One ticket with its history, the caller's other calls and the agents it may go to. */
    async ticket(actor: StaffActor, place: { tenant: string; id: string }) {
      const tenant = await grantedTenant(deps, actor.staff, place.tenant);
      const read = await inTenant(tenant, async (tx) => {
        const ticket = UUID.test(place.id)
          ? await tx<TicketRow>('support_tickets').where({ id: place.id }).first()
          : undefined;
        if (!ticket) return undefined;
        const entries = await tx('support_ticket_entries')
          .where({ ticket_id: ticket.id })
          .orderBy('id')
          .select<{ kind: string; staff_label: string; body: string; details: Record<string, unknown>; at: Date }[]>(
            'kind',
            'staff_label',
            'body',
            'details',
            'at',
          );
        const history = await tx<TicketRow>('support_tickets')
          .whereNot({ id: ticket.id })
          .where((q) => {
            if (ticket.caller_user_id) q.orWhere({ caller_user_id: ticket.caller_user_id });
            if (ticket.caller_supplier_id) q.orWhere({ caller_supplier_id: ticket.caller_supplier_id });
            if (ticket.caller_contact) q.orWhere({ caller_contact: ticket.caller_contact });
            if (!ticket.caller_user_id && !ticket.caller_supplier_id && !ticket.caller_contact) q.whereRaw('false');
          })
          .orderBy('opened_at', 'desc')
          .limit(10);
        const caller = ticket.caller_user_id
          ? await tx('users')
              .where({ id: ticket.caller_user_id })
              .first<{ id: string; email: string; display_name: string } | undefined>('id', 'email', 'display_name')
          : undefined;
        return { ticket, entries, history, caller };
      });
      if (!read) return undefined;
      const agents = (await deps.staff.agentsGranted(tenant.slug)).filter(
        (a) => a.id !== read.ticket.assigned_staff_id,
      );
      return { tenant, ...read, agents };
    },
  };
}

export type CallCenterConsole = ReturnType<typeof callCenterConsole>;
