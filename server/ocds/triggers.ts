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
  // Catalog buying (docs/catalog-buying.md): a framework's conclusion and price changes publish its
  // notice's process again; each delivery order is a process of its own.
  'framework.concluded': 'award',
  'framework.price-change-approved': 'awardUpdate',
  'order.placed': 'tender',
  'competition.started': 'tenderUpdate',
  'competition.opened': 'award',
  'competition.failed': 'tenderUpdate',
  'order.accepted': 'contract',
  'order.declined': 'awardUpdate',
  'order.failed': 'tenderUpdate',
  'order.cancelled': 'tenderCancellation',
};

export type ProcessRef = { kind: 'plan'; id: string } | { kind: 'notice'; id: string } | { kind: 'order'; id: string };

type ContractRef = { notice_id: string | null; order_id: string | null } | undefined;

/** A contract's process: its notice's, or for an order's contract (no notice), its order's. */
const ofContract = (row: ContractRef): ProcessRef | undefined =>
  !row
    ? undefined
    : row.order_id
      ? { kind: 'order', id: row.order_id }
      : row.notice_id
        ? { kind: 'notice', id: row.notice_id }
        : undefined;

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
      return ofContract(await tx('contracts').where({ id: target.id }).first<ContractRef>('notice_id', 'order_id'));
    case 'deliverable':
      return ofContract(
        await tx('deliverables as d')
          .join('contracts as c', 'c.id', 'd.contract_id')
          .where('d.id', target.id)
          .first<ContractRef>('c.notice_id', 'c.order_id'),
      );
    case 'invoice':
      return ofContract(
        await tx('invoices as i')
          .join('contracts as c', 'c.id', 'i.contract_id')
          .where('i.id', target.id)
          .first<ContractRef>('c.notice_id', 'c.order_id'),
      );
    case 'framework':
      return notice(await tx('framework_agreements').where({ id: target.id }).first<Row>('notice_id'));
    case 'framework-price':
      return notice(
        await tx('framework_prices as fp')
          .join('framework_parties as p', 'p.id', 'fp.party_id')
          .join('framework_agreements as a', 'a.id', 'p.agreement_id')
          .where('fp.id', target.id)
          .first<Row>('a.notice_id'),
      );
    case 'framework-price-change':
      return notice(
        await tx('framework_price_changes as ch')
          .join('framework_prices as fp', 'fp.id', 'ch.price_id')
          .join('framework_parties as p', 'p.id', 'fp.party_id')
          .join('framework_agreements as a', 'a.id', 'p.agreement_id')
          .where('ch.id', target.id)
          .first<Row>('a.notice_id'),
      );
    case 'delivery-order':
    case 'order':
      return { kind: 'order', id: target.id };
    case 'second-competition': {
      const row = await tx('second_competitions')
        .where({ id: target.id })
        .first<{ order_id: string } | undefined>('order_id');
      return row ? { kind: 'order', id: row.order_id } : undefined;
    }
    default:
      return undefined;
  }
}
