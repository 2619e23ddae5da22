/**
 * Carrying out an approved addendum: in the transaction of the approval, by the checker (the audit
 * trail names both). The notice must still be open and the dates are checked again under the
 * lead-time rules as of now: the addendum is issued at this moment. Its held files become notice
 * documents; a returned request lets them go.
 */
import type { ApprovalKind } from '../../approvals/approval.js';
import { checkedBy } from '../../approvals/mutual-checks.js';
import { issueNow, type AddendumInput } from './addenda.js';
import { noticeAddendumKind, type AddendumFacts } from './addendum-check.js';
import { lockNotice } from './amend.js';
import { heldDocuments, releaseDocuments } from './held-documents.js';

const addendum: ApprovalKind = {
  ...noticeAddendumKind,
  async apply(tx, deps, tenant, approval, decision) {
    const facts = approval.summary as unknown as AddendumFacts;
    const notice = await lockNotice(tx, approval.targetId);
    const { placed, uploadedBy } = await heldDocuments(tx, approval.id);
    const input: AddendumInput = {
      summary: facts.text,
      submissionDeadline: facts.requested.deadline ? new Date(facts.requested.deadline) : undefined,
      openingAt: facts.requested.opening ? new Date(facts.requested.opening) : undefined,
      added: placed.added.map((d) => d.document),
      replacements: placed.replacing.map((r) => ({ replaces: r.replaces, document: r.document })),
    };
    const checker = decision.audit.actor.id ?? '';
    const doer = { tenant, audit: decision.audit, userId: checker, uploadedBy: uploadedBy ?? checker };
    await releaseDocuments(tx, approval.id);
    await issueNow(tx, deps, { doer, notice, input, placed }, checkedBy(approval));
  },
  discard: (tx, approval) => releaseDocuments(tx, approval.id),
};

/** The addendum's kind of mutual check, for the approvals' registry (approvals/kinds.ts). */
export const addendumChecks: readonly ApprovalKind[] = [addendum];
