/**
 * Carrying out an approved request to publish or cancel a notice: in the transaction of the
 * approval, by the checker (the audit trail names both), with the notice checked again as it is
 * now. Publication happens now: deadlines and the notice period count from this moment.
 */
import type { ApprovalKind } from '../../approvals/approval.js';
import { now } from '../../time/clock.js';
import { noticeCancelKind, noticePublishKind } from './check-kinds.js';
import { noticeEffects } from './effects.js';
import { lockNotice } from './service.js';

const checkedBy = (approval: { id: string; requestedBy: { label: string } }) => ({
  approvalId: approval.id,
  requestedBy: approval.requestedBy.label,
});

const publish: ApprovalKind = {
  ...noticePublishKind,
  async apply(tx, deps, tenant, approval, decision) {
    const notice = await lockNotice(tx, approval.targetId);
    const at = await now(tx);
    await noticeEffects(deps).publishNow(tx, { tenant, audit: decision.audit }, notice, at, checkedBy(approval));
  },
};

const cancel: ApprovalKind = {
  ...noticeCancelKind,
  async apply(tx, deps, tenant, approval, decision) {
    const notice = await lockNotice(tx, approval.targetId);
    const { cancellationReason } = approval.summary;
    const reason = typeof cancellationReason === 'string' ? cancellationReason : '';
    await noticeEffects(deps).cancelNow(tx, { tenant, audit: decision.audit }, notice, reason, checkedBy(approval));
  },
};

/** The notices' kinds of mutual check, for the approvals' registry (approvals/kinds.ts). */
export const noticeChecks: readonly ApprovalKind[] = [publish, cancel];
