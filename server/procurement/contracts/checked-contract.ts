/**
 * Carrying out an approved request for a direct contract: in the transaction of the approval, by
 * the checker (the audit trail names both), from the award as it is now.
 */
import type { ApprovalKind } from '../../approvals/approval.js';
import { checkedBy } from '../../approvals/mutual-checks.js';
import { directContractKind, type DirectContractFacts } from './check-kinds.js';
import { finalAward, generateNow } from './generation.js';

const directContract: ApprovalKind = {
  ...directContractKind,
  async apply(tx, deps, tenant, approval, decision) {
    const { input } = approval.summary as unknown as DirectContractFacts;
    const award = await finalAward(tx, input.awardId);
    const { audit } = decision;
    const doer = { tenant, audit, lng: audit.locale ?? tenant.config.locales.default, userId: audit.actor.id ?? '' };
    await generateNow(tx, deps, doer, award, input, checkedBy(approval));
  },
};

/** The contracts' kind of mutual check, for the approvals' registry (approvals/kinds.ts). */
export const contractChecks: readonly ApprovalKind[] = [directContract];
