/**
 * Mutual checks (maker-checker): where the tenant's `mutual-checks` rule names an action, the
 * maker's action does not take effect; it becomes a request that a second person of the maker's
 * agency, holding the kind's role, approves (the change is then made, at that moment) or returns
 * with a reason. While a request waits, other changes to its target are refused.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import type { MutualCheckAction } from '../regulations/catalogue.js';
import { mutualCheckRule } from '../regulations/mutual-checks.js';
import type { ApprovalKindSpec, RequestDeps } from './approval.js';
import { ApprovalPendingError } from './errors.js';
import { findPendingApproval, requestApproval } from './request.js';

/** What an action answers when it went to a second person instead of taking effect. */
export interface AwaitingCheck {
  awaitingCheck: true;
  approvalId: string;
  /** The rule version that asked for the check ("mutual-checks v1"). */
  rule: string;
}

export function isAwaitingCheck(value: unknown): value is AwaitingCheck {
  return typeof value === 'object' && value !== null && (value as AwaitingCheck).awaitingCheck === true;
}

export interface CheckedChange {
  action: MutualCheckAction;
  kind: ApprovalKindSpec;
  targetType: string;
  targetId: string;
  /** The maker's agency: its second person decides. */
  agencyId: string | null;
  /** What will change, as data the kind's describe() reads. */
  summary: Record<string, unknown>;
  /** The tenant's clock now: the rule in force then decides. */
  at: Date;
}

/**
 * Sends the change to a second person when the tenant's rules say so, inside the caller's
 * transaction (the request exists exactly when the maker's action would have happened), and
 * returns what the maker is told; null when the action takes effect at once.
 */
export async function sendForCheck(
  tx: Knex.Transaction,
  deps: RequestDeps,
  actor: Actor,
  change: CheckedChange,
): Promise<AwaitingCheck | null> {
  const rule = mutualCheckRule(actor.tenant.config, change.action, change.at);
  if (!rule) return null;
  const approvalId = await requestApproval(tx, deps, actor.tenant, actor.audit, {
    kind: change.kind,
    targetType: change.targetType,
    targetId: change.targetId,
    agencyId: change.agencyId,
    summary: { ...change.summary, rule },
  });
  return { awaitingCheck: true, approvalId, rule };
}

/** Refuses a change while another change to the same target waits for its check (409). */
export async function assertNothingPending(
  tx: Knex.Transaction,
  target: { targetType: string; targetId: string },
): Promise<void> {
  if (await findPendingApproval(tx, target)) throw new ApprovalPendingError();
}

/** Where a change comes from when a second person approved it, for the change's own audit entry. */
export interface CheckedBy {
  approvalId: string;
  /** The maker, as the audit trail names them. */
  requestedBy: string;
}

export const checkedBy = (approval: { id: string; requestedBy: { label: string } }): CheckedBy => ({
  approvalId: approval.id,
  requestedBy: approval.requestedBy.label,
});
