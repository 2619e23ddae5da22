/**
 * The few things an agent may do to a caller's account, each under an open ticket and only after
 * the caller answered the tenant's identity checklist on that ticket: send the confirmation link
 * again, lift a sign-in hold, start a password reset (the link goes to the account's own address,
 * never one given on the phone), and ask the tenant's administrator to reset a lost second factor.
 * Nothing here touches a bid. Each is audited in the tenant with the ticket's number.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { requestApproval } from '../approvals/request.js';
import { secondFactorReset } from '../approvals/second-factor-reset.js';
import { ValidationError } from '../http/validate.js';
import { createAccountToken } from '../identity/tokens.js';
import { findUserById, type UserRow } from '../identity/users.js';
import { grantedTenant } from '../platform/desk.js';
import type { StaffActor } from '../platform/staff-steps.js';
import { PATH_PREFIX } from '../tenancy/resolve.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { NotFoundError } from '../http/errors.js';
import type { IdentityCheck } from './catalog.js';
import { addTicketEntry, openTicket, type TicketRow } from './ticket-entries.js';

export const ACCOUNT_ACTIONS = ['resend-verification', 'unlock', 'password-reset', 'second-factor-reset'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/** An identity check counts for the actions of the call it was made in, not for a later one. */
const CHECK_VALID_MS = 2 * 3600 * 1000;

type ActionDeps = Pick<Deps, 'tenancy' | 'audit' | 'mailer' | 'throttle' | 'publicUrl' | 'i18n'>;

/** The tenant's address for links in e-mail, as its users reach it. */
function tenantBase(deps: ActionDeps, tenant: TenantHandle): string {
  const origin = (deps.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');
  return `${origin}${PATH_PREFIX[tenant.kind]}/${tenant.slug}`;
}

/** Addresses that failed to sign in to the account in the last day: the throttle holds them. */
export async function failingAddresses(tx: Knex.Transaction, email: string): Promise<string[]> {
  const rows = await tx('audit_entries')
    .where({ action: 'auth.login-failed', target_type: 'account', target_id: email.toLowerCase() })
    .where('at', '>', tx.raw(`app_now() - interval '1 day'`))
    .whereNotNull('client_address')
    .distinct('client_address')
    .limit(100)
    .pluck<string[]>('client_address');
  return rows;
}

/** Whether the caller passed the identity checklist for this account on this ticket, lately. */
async function identityChecked(tx: Knex.Transaction, ticket: TicketRow, userId: string): Promise<boolean> {
  const check = await tx('support_ticket_entries')
    .where({ ticket_id: ticket.id, kind: 'identity-check' })
    .whereRaw(`details->>'userId' = ?`, [userId])
    .orderBy('id', 'desc')
    .first<{ details: { passed?: boolean }; at: Date } | undefined>('details', 'at');
  const at = (await tx.raw<{ rows: { now: Date }[] }>('select app_now() as now')).rows[0]!.now;
  return check?.details.passed === true && at.getTime() - check.at.getTime() < CHECK_VALID_MS;
}

/** The call an action is done for: who does it, under which ticket, and why (for an approval). */
interface CallContext {
  actor: StaffActor;
  ticket: TicketRow;
  reason: string;
}

const notApplicable = () => new ValidationError([{ field: 'action', key: 'callcenter:action_not_applicable' }]);

export function accountActions(deps: ActionDeps) {
  const audited = (
    tx: Knex.Transaction,
    tenant: TenantHandle,
    actor: StaffActor,
    action: string,
    user: Pick<UserRow, 'id' | 'email'>,
    summary: Record<string, unknown>,
  ) =>
    deps.audit.record(tx, tenant, actor.audit, {
      action,
      target: { type: 'user', id: user.id },
      summary,
    });

  /** Each action's effect, in the transaction of its ticket entry and audit entry. */
  const effects: Record<
    AccountAction,
    (tx: Knex.Transaction, tenant: TenantHandle, user: UserRow, call: CallContext) => Promise<void>
  > = {
    async 'resend-verification'(tx, tenant, user) {
      if (user.status !== 'active' || user.email_verified_at) throw notApplicable();
      const token = await createAccountToken(tx, user.id, 'verify-email');
      await deps.mailer.queue(tx, tenant, {
        to: user.email,
        locale: user.locale,
        template: 'verify_email',
        params: { name: user.display_name, link: `${tenantBase(deps, tenant)}/verify-email?token=${token}` },
      });
    },
    async unlock(tx, tenant, user) {
      const addresses = await failingAddresses(tx, user.email);
      if (!(await deps.throttle.heldUntil(tenant.slug, user.email, addresses))) throw notApplicable();
      await deps.throttle.unlock(tenant.slug, user.email, addresses);
    },
    async 'password-reset'(tx, tenant, user) {
      if (user.status !== 'active') throw notApplicable();
      const token = await createAccountToken(tx, user.id, 'reset-password');
      await deps.mailer.queue(tx, tenant, {
        to: user.email,
        locale: user.locale,
        template: 'reset_password',
        params: { name: user.display_name, link: `${tenantBase(deps, tenant)}/password/reset?token=${token}` },
      });
    },
    /** Not done here: the tenant's administrator decides (approvals/), and the reset follows. */
    async 'second-factor-reset'(tx, tenant, user, call) {
      if (!user.totp_enabled_at) throw notApplicable();
      if (!call.reason) throw new ValidationError([{ field: 'reason', key: 'validation:required' }]);
      await requestApproval(tx, deps, tenant, call.actor.audit, {
        kind: secondFactorReset,
        targetType: 'user',
        targetId: user.id,
        reason: call.reason,
        context: { ticketNo: call.ticket.ticket_no, ticketId: call.ticket.id },
      });
    },
  };

  return {
    /**
     * Records which questions of the tenant's checklist the caller answered right; the caller
     * passes with as many as the tenant requires. Returns whether they passed.
     */
    async checkIdentity(
      actor: StaffActor,
      input: { tenant: string; ticketId: string; userId: string; answered: IdentityCheck[] },
    ): Promise<boolean> {
      const tenant = await grantedTenant(deps, actor.staff, input.tenant);
      const { identityChecks, checksRequired } = tenant.config.callCenter;
      const answered = input.answered.filter((c) => identityChecks.includes(c));
      const passed = new Set(answered).size >= checksRequired;
      await inTenant(tenant, async (tx) => {
        const ticket = await openTicket(tx, input.ticketId);
        const user = await findUserById(tx, input.userId);
        if (!user) throw new NotFoundError();
        await addTicketEntry(tx, ticket.id, actor.staff, {
          kind: 'identity-check',
          details: { userId: user.id, asked: identityChecks, answered, passed },
        });
        await audited(tx, tenant, actor, 'callcenter.identity-checked', user, {
          ticket: ticket.ticket_no,
          answered: answered.length,
          required: checksRequired,
          passed,
        });
      });
      return passed;
    },

    /** Does `action` to the account under the ticket, after a passed identity check. */
    async act(
      actor: StaffActor,
      input: { tenant: string; ticketId: string; userId: string; action: AccountAction; reason?: string },
    ): Promise<void> {
      const tenant = await grantedTenant(deps, actor.staff, input.tenant);
      await inTenant(tenant, async (tx) => {
        const ticket = await openTicket(tx, input.ticketId);
        const user = await findUserById(tx, input.userId);
        if (!user) throw new NotFoundError();
        if (!(await identityChecked(tx, ticket, user.id)))
          throw new ValidationError([{ field: 'ticketId', key: 'callcenter:identity_check_needed' }]);
        await effects[input.action](tx, tenant, user, { actor, ticket, reason: input.reason?.trim() ?? '' });
        await addTicketEntry(tx, ticket.id, actor.staff, {
          kind: 'action',
          details: { action: input.action, userId: user.id, email: user.email },
        });
        await audited(tx, tenant, actor, `callcenter.${input.action}`, user, { ticket: ticket.ticket_no });
      });
    },
  };
}

export type AccountActions = ReturnType<typeof accountActions>;
