/**
 * Deciding a request: the tenant user who holds the role the request names approves it (the
 * change is made in the same transaction) or refuses it with a reason. Never the requester, never
 * the person the change is about (rules.ts). Every decision is in the tenant's audit trail.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import type { SessionUser } from '../identity/users.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { mailLanguage } from '../mail/outbox.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { mailTemplate, toApproval, type Approval, type ApprovalDeps, type ApprovalRow } from './approval.js';
import {
  ApprovalDecidedError,
  ApprovalNotFoundError,
  NotApproverError,
  OwnRequestError,
  ReasonRequiredError,
} from './errors.js';
import { kindOf } from './kinds.js';
import { decisionRefusal } from './rules.js';

/** The request, locked for the decision, once the decider is known to be allowed. */
async function lockForDecision(tx: Knex.Transaction, id: string, decider: SessionUser): Promise<Approval> {
  const row = await tx<ApprovalRow>('approvals').where({ id }).forUpdate().first();
  if (!row) throw new ApprovalNotFoundError();
  const approval = toApproval(row);
  const refusal = decisionRefusal(approval, decider);
  if (refusal === 'not-approver' || refusal === 'other-agency') throw new NotApproverError();
  if (refusal === 'own-request' || refusal === 'own-account') throw new OwnRequestError(refusal);
  if (refusal === 'not-pending') throw new ApprovalDecidedError();
  return approval;
}

/**
 * The requester learns the decision by e-mail in their language: what was asked, who decided, and
 * the reason of a return. Platform staff follow their requests at the call center instead.
 */
async function tellRequester(
  tx: Knex.Transaction,
  deps: ApprovalDeps,
  tenant: TenantHandle,
  decision: { approval: Approval; decider: string; link: (path: string) => string },
): Promise<void> {
  const { approval } = decision;
  if (approval.requestedBy.type !== 'user') return;
  const maker = await tx('users')
    .where({ id: approval.requestedBy.id })
    .first<{ email: string; display_name: string; locale: string | null } | undefined>(
      'email',
      'display_name',
      'locale',
    );
  if (!maker) return;
  const lng = mailLanguage(tenant, maker.locale);
  const t = tenantTranslator(deps.i18n, tenant, lng, 'approvals');
  const kind = kindOf(approval.kind);
  await deps.mailer.queue(tx, tenant, {
    to: maker.email,
    locale: maker.locale,
    template: mailTemplate(approval.status === 'approved' ? 'approved' : 'returned'),
    params: {
      name: maker.display_name,
      change: kind.describe(t, approval, { lng, tenant }),
      decider: decision.decider,
      reason: approval.decisionReason ?? '',
      link: decision.link(kind.pagePath?.(approval) ?? '/admin/approvals'),
    },
  });
}

/** The audit summary of a decision: which request, of which kind, from where. */
const decided = (approval: Approval, extra: Record<string, unknown> = {}) => ({
  approvalId: approval.id,
  kind: approval.kind,
  context: approval.context,
  ...extra,
});

async function approve(deps: ApprovalDeps, actor: Actor, id: string, link: (path: string) => string): Promise<void> {
  const { tenant, user } = actor;
  assertCan(user, 'approvals:decide');
  await inTenant(tenant, async (tx) => {
    const approval = await lockForDecision(tx, id, user);
    const [row] = await tx('approvals')
      .where({ id })
      .update({
        status: 'approved',
        decided_by: user.id,
        decided_by_label: user.displayName,
        decided_at: tx.raw('app_now()'),
      })
      .returning<ApprovalRow[]>('*');
    await deps.audit.record(tx, tenant, actor.audit, {
      action: 'approval.approved',
      target: { type: approval.targetType, id: approval.targetId },
      summary: decided(approval),
      at: row!.decided_at!,
    });
    const approved = toApproval(row!);
    await kindOf(approval.kind).apply(tx, deps, tenant, approved, { audit: actor.audit, link });
    await tellRequester(tx, deps, tenant, { approval: approved, decider: user.displayName, link });
  });
}

async function refuse(
  deps: ApprovalDeps,
  actor: Actor,
  id: string,
  reason: string,
  link: (path: string) => string,
): Promise<void> {
  const { tenant, user } = actor;
  assertCan(user, 'approvals:decide');
  const why = reason.trim();
  if (!why) throw new ReasonRequiredError();
  await inTenant(tenant, async (tx) => {
    const approval = await lockForDecision(tx, id, user);
    const [row] = await tx('approvals')
      .where({ id })
      .update({
        status: 'refused',
        decided_by: user.id,
        decided_by_label: user.displayName,
        decision_reason: why,
        decided_at: tx.raw('app_now()'),
      })
      .returning<ApprovalRow[]>('*');
    await deps.audit.record(tx, tenant, actor.audit, {
      action: 'approval.refused',
      target: { type: approval.targetType, id: approval.targetId },
      summary: decided(approval, { reason: why }),
      at: row!.decided_at!,
    });
    await kindOf(approval.kind).discard?.(tx, approval);
    await tellRequester(tx, deps, tenant, { approval: toApproval(row!), decider: user.displayName, link });
  });
}

export function approvalsService(deps: ApprovalDeps) {
  return {
    /**
     * Approves the request and makes its change, in one transaction. `link` makes the absolute
     * address of a path of this tenant, for the e-mail the change may send.
     */
    approve: (actor: Actor, id: string, link: (path: string) => string) => approve(deps, actor, id, link),
    /** Refuses (returns) the request with a reason (required); nothing changes; the requester is told why. */
    refuse: (actor: Actor, id: string, reason: string, link: (path: string) => string) =>
      refuse(deps, actor, id, reason, link),
  };
}
