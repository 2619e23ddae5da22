/**
 * Carrying out an approved request to approve, renew or debar a supplier: in the transaction of
 * the approval, by the checker (the audit trail names both), with the supplier checked again as it
 * is now. The validity and the debarment count from this moment.
 */
import type { ApprovalKind } from '../approvals/approval.js';
import { checkedBy } from '../approvals/mutual-checks.js';
import { supplierApproveKind, supplierDebarKind, supplierRenewKind, type DebarmentFacts } from './check-kinds.js';
import { assertApprovable, assertRenewable, debarNow, grantValidity, lockSupplier } from './review.js';

const approve: ApprovalKind = {
  ...supplierApproveKind,
  async apply(tx, deps, tenant, approval, decision) {
    const supplier = await lockSupplier(tx, approval.targetId);
    assertApprovable(supplier);
    const actor = { tenant, audit: decision.audit };
    await grantValidity(deps, tx, { actor, supplier, action: 'supplier.approved', checked: checkedBy(approval) });
  },
};

const renew: ApprovalKind = {
  ...supplierRenewKind,
  async apply(tx, deps, tenant, approval, decision) {
    const supplier = await lockSupplier(tx, approval.targetId);
    assertRenewable(supplier);
    const actor = { tenant, audit: decision.audit };
    await grantValidity(deps, tx, { actor, supplier, action: 'supplier.renewed', checked: checkedBy(approval) });
  },
};

const debar: ApprovalKind = {
  ...supplierDebarKind,
  async apply(tx, deps, tenant, approval, decision) {
    const supplier = await lockSupplier(tx, approval.targetId);
    const { until, reason } = approval.summary as unknown as DebarmentFacts;
    const actor = { tenant, audit: decision.audit };
    await debarNow(deps, tx, { actor, supplier, until, reason, checked: checkedBy(approval) });
  },
};

/** The supplier decisions' kinds of mutual check, for the approvals' registry (approvals/kinds.ts). */
export const supplierChecks: readonly ApprovalKind[] = [approve, renew, debar];
