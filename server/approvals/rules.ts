/**
 * Who may decide a request: four eyes, not two. The one rule, kept pure so that it is the same
 * for the service (which enforces it) and the page (which offers the buttons only where it holds).
 */
import type { Approval } from './approval.js';

export type DecisionRefusal = 'not-pending' | 'not-approver' | 'other-agency' | 'own-request' | 'own-account';

export interface Decider {
  id: string;
  roles: readonly string[];
  agencyId: string | null;
}

/**
 * Why `decider` may not decide `approval`, or null when they may: the request must still wait;
 * the decider holds the role the request names, in the request's agency when it names one (a mutual
 * check); never decides a request they made themselves; nor one about their own account (a reset of
 * their own second factor).
 */
export function decisionRefusal(
  approval: Pick<Approval, 'status' | 'approverRole' | 'agencyId' | 'requestedBy' | 'targetType' | 'targetId'>,
  decider: Decider,
): DecisionRefusal | null {
  if (!decider.roles.includes(approval.approverRole)) return 'not-approver';
  if (approval.agencyId && approval.agencyId !== decider.agencyId) return 'other-agency';
  if (approval.requestedBy.type === 'user' && approval.requestedBy.id === decider.id) return 'own-request';
  if (approval.targetType === 'user' && approval.targetId === decider.id) return 'own-account';
  if (approval.status !== 'pending') return 'not-pending';
  return null;
}
