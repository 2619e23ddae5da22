/**
 * Which audited changes publish an OCDS release, and with which tag. Every change that matters
 * is audited in the transaction that makes it; publishing from the same call keeps the release
 * in that transaction too, and a change audited is a change published (publishing-trail.ts).
 */
import type { Knex } from 'knex';

export type ReleaseTag =
  | 'planning'
  | 'tender'
  | 'tenderAmendment'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'awardUpdate'
  | 'contract'
  | 'contractUpdate'
  | 'contractAmendment'
  | 'implementation'
  | 'contractTermination';

export const RELEASE_TRIGGERS: Record<string, ReleaseTag> = {
  'plan.published': 'planning',
  'notice.published': 'tender',
  'notice.addendum-issued': 'tenderAmendment',
  'notice.outage-extended': 'tenderAmendment',
  'notice.documents-uploaded': 'tenderUpdate',
  'notice.document-removed': 'tenderUpdate',
  'notice.question-answered': 'tenderUpdate',
  'tender.opened': 'tenderUpdate',
  'tender.failed': 'tenderUpdate',
  'notice.direct-contract-chosen': 'tenderUpdate',
  'evaluation.technical-final': 'tenderUpdate',
  'evaluation.result-recorded': 'tenderUpdate',
  'notice.cancelled': 'tenderCancellation',
  'award.published': 'award',
  'award.final': 'awardUpdate',
  'award.withdrawn': 'awardUpdate',
  'contract.generated': 'contract',
  'contract.signed': 'contractUpdate',
  'contract.deposit-recorded': 'contractUpdate',
  'contract.amended': 'contractAmendment',
  'contract.terminated': 'contractTermination',
  'deliverable.delivered': 'implementation',
  'deliverable.accepted': 'implementation',
  'deliverable.rejected': 'implementation',
  'invoice.paid': 'implementation',
};

export type ProcessRef = { kind: 'plan'; id: string } | { kind: 'notice'; id: string };

/** The process an audited target belongs to (a contract's notice, an invoice's contract's notice…). */
export async function processOf(
  tx: Knex.Transaction,
  target: { type: string; id: string },
): Promise<ProcessRef | undefined> {
  // A delivery order's contract has no notice: it belongs to no tender's process.
  const notice = (row: { notice_id: string | null } | undefined): ProcessRef | undefined =>
    row?.notice_id ? { kind: 'notice', id: row.notice_id } : undefined;
  type Row = { notice_id: string | null } | undefined;
  switch (target.type) {
    case 'plan-entry':
      return { kind: 'plan', id: target.id };
    case 'notice':
      return { kind: 'notice', id: target.id };
    case 'contract':
      return notice(await tx('contracts').where({ id: target.id }).first<Row>('notice_id'));
    case 'deliverable':
      return notice(
        await tx('deliverables as d')
          .join('contracts as c', 'c.id', 'd.contract_id')
          .where('d.id', target.id)
          .first<Row>('c.notice_id'),
      );
    case 'invoice':
      return notice(
        await tx('invoices as i')
          .join('contracts as c', 'c.id', 'i.contract_id')
          .where('i.id', target.id)
          .first<Row>('c.notice_id'),
      );
    default:
      return undefined;
  }
}
