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
import { toApproval, type Approval, type ApprovalDeps, type ApprovalRow } from './approval.js';
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
  if (refusal === 'not-approver') throw new NotApproverError();
  if (refusal === 'own-request' || refusal === 'own-account') throw new OwnRequestError(refusal);
  if (refusal === 'not-pending') throw new ApprovalDecidedError();
  return approval;
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
    await kindOf(approval.kind).apply(tx, deps, tenant, toApproval(row!), { audit: actor.audit, link });
  });
}

async function refuse(deps: ApprovalDeps, actor: Actor, id: string, reason: string): Promise<void> {
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
  });
}

export function approvalsService(deps: ApprovalDeps) {
  return {
    /**
     * Approves the request and makes its change, in one transaction. `link` makes the absolute
     * address of a path of this tenant, for the e-mail the change may send.
     */
    approve: (actor: Actor, id: string, link: (path: string) => string) => approve(deps, actor, id, link),
    /** Refuses the request with a reason (required); nothing changes. */
    refuse: (actor: Actor, id: string, reason: string) => refuse(deps, actor, id, reason),
  };
}
