/**
 * Carrying out an approved request to award: in the transaction of the approval, by the checker
 * (the audit trail names both), from the notice's final evaluation as it is now.
 */
import type { ApprovalKind } from '../../approvals/approval.js';
import { checkedBy } from '../../approvals/mutual-checks.js';
import { noticeFor } from '../evaluation/committee.js';
import { awardKind } from './check-kinds.js';
import { publishAwardNow } from './effects.js';

const award: ApprovalKind = {
  ...awardKind,
  async apply(tx, deps, tenant, approval, decision) {
    const notice = await noticeFor(tx, approval.targetId, true);
    await publishAwardNow(tx, deps, { tenant, audit: decision.audit }, notice, checkedBy(approval));
  },
};

/** The award's kind of mutual check, for the approvals' registry (approvals/kinds.ts). */
export const awardChecks: readonly ApprovalKind[] = [award];
