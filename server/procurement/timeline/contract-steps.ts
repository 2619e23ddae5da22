/**
 * The steps after the award: the contract generated, signed by each party, amended, terminated;
 * each delivery and inspection; invoices (for the parties and auditors only) and payments.
 */
import type { Knex } from 'knex';
import type { Gathered } from './tender-steps.js';
import { about, on, step } from './step.js';

/** Each contract of the notice, its signatures, amendments and termination; returns the contract ids. */
async function contracts(tx: Knex.Transaction, noticeId: string, { steps, ids }: Gathered): Promise<string[]> {
  const contracts = await tx('contracts')
    .where({ notice_id: noticeId })
    .orderBy('created_at')
    .select<{ id: string; contract_no: string; created_at: Date; terminated_at: Date | null }[]>(
      'id',
      'contract_no',
      'created_at',
      'terminated_at',
    );
  for (const c of contracts) {
    ids.push(c.id);
    const signatures = await tx('contract_signatures')
      .where({ contract_id: c.id })
      .orderBy('signed_at')
      .select<{ id: string; party: string; version: number; signed_at: Date }[]>('id', 'party', 'version', 'signed_at');
    const amendments = await tx('contract_amendments')
      .where({ contract_id: c.id })
      .orderBy('number')
      .select<{ id: string; number: number; issued_at: Date }[]>('id', 'number', 'issued_at');
    const deposits = await tx('contract_deposits').where({ contract_id: c.id }).pluck<string[]>('id');
    const related = [c.id, ...signatures.map((s) => s.id), ...amendments.map((a) => a.id), ...deposits];
    ids.push(...related);
    const onContract = on(related, /./);
    const specific = /sign|amend|terminat/;
    steps.push(
      step(
        'contract-generated',
        c.created_at,
        true,
        { contractNo: c.contract_no },
        (e) => onContract(e) && !specific.test(e.action),
      ),
    );
    for (const s of signatures)
      steps.push(
        step(
          `contract-signed-${s.party === 'agency' ? 'agency' : 'supplier'}`,
          s.signed_at,
          true,
          { version: s.version },
          (e) => onContract(e) && /sign/.test(e.action),
        ),
      );
    for (const a of amendments)
      steps.push(
        step(
          'contract-amended',
          a.issued_at,
          true,
          { number: a.number },
          (e) => onContract(e) && /amend/.test(e.action),
        ),
      );
    if (c.terminated_at)
      steps.push(
        step('contract-terminated', c.terminated_at, true, {}, (e) => onContract(e) && /terminat/.test(e.action)),
      );
  }
  return contracts.map((c) => c.id);
}

/** Each delivery of the contracts' deliverables, and its inspection. */
async function deliveries(tx: Knex.Transaction, contractIds: string[], { steps, ids }: Gathered): Promise<void> {
  const deliveries = await tx('deliveries as d')
    .join('deliverables as i', 'i.id', 'd.deliverable_id')
    .leftJoin('inspections as x', 'x.delivery_id', 'd.id')
    .whereIn('i.contract_id', contractIds)
    .select<
      {
        id: string;
        deliverable_id: string;
        number: number;
        attempt: number;
        delivered_at: Date;
        result: string | null;
        inspected_at: Date | null;
      }[]
    >('d.id', 'd.deliverable_id', 'i.number', 'd.attempt', 'd.delivered_at', 'x.result', 'x.inspected_at')
    .orderBy([{ column: 'd.delivered_at' }, { column: 'i.number' }, { column: 'd.attempt' }]);
  ids.push(...new Set(deliveries.map((d) => d.deliverable_id)));
  for (const d of deliveries) {
    const params = { number: d.number, attempt: d.attempt };
    steps.push(
      step(
        'delivery',
        d.delivered_at,
        true,
        params,
        about('delivery', d.id, on([d.deliverable_id], 'deliverable.delivered')),
      ),
    );
    if (d.result && d.inspected_at)
      steps.push(
        step(
          `inspection-${d.result === 'accepted' ? 'accepted' : 'rejected'}`,
          d.inspected_at,
          true,
          params,
          about('delivery', d.id, on([d.deliverable_id], 'deliverable.accepted', 'deliverable.rejected')),
        ),
      );
  }
}

/** Invoices (for the parties and auditors only) and their payments (public). */
async function invoices(tx: Knex.Transaction, contractIds: string[], { steps, ids }: Gathered): Promise<void> {
  const invoices = await tx('invoices as v')
    .leftJoin('payments as p', 'p.invoice_id', 'v.id')
    .whereIn('v.contract_id', contractIds)
    .select<
      {
        id: string;
        invoice_no: string;
        amount: string;
        submitted_at: Date;
        decided_at: Date | null;
        status: string;
        due_on: string | null;
        applied_rules: string[];
        overdue_notified_at: Date | null;
        paid_on: string | null;
        recorded_at: Date | null;
      }[]
    >(
      'v.id',
      'v.invoice_no',
      'v.amount',
      'v.submitted_at',
      'v.decided_at',
      'v.status',
      tx.raw('v.due_on::text as due_on'),
      'v.applied_rules',
      'v.overdue_notified_at',
      tx.raw('p.paid_on::text as paid_on'),
      'p.recorded_at',
    );
  for (const v of invoices) {
    ids.push(v.id);
    const params = { invoiceNo: v.invoice_no, amount: v.amount };
    steps.push(step('invoice-submitted', v.submitted_at, false, params, on([v.id], 'invoice.submitted')));
    if (v.decided_at && v.due_on)
      steps.push(
        step(
          'invoice-approved',
          v.decided_at,
          false,
          { ...params, dueOn: v.due_on, rule: v.applied_rules.join(', ') },
          on([v.id], 'invoice.approved'),
        ),
      );
    if (v.decided_at && v.status === 'rejected')
      steps.push(step('invoice-rejected', v.decided_at, false, params, on([v.id], 'invoice.rejected')));
    if (v.overdue_notified_at)
      steps.push(step('invoice-overdue', v.overdue_notified_at, false, params, on([v.id], 'invoice.overdue')));
    if (v.paid_on && v.recorded_at)
      steps.push(step('payment', v.recorded_at, true, { ...params, paidOn: v.paid_on }, on([v.id], 'invoice.paid')));
  }
}

export async function contractSteps(tx: Knex.Transaction, noticeId: string): Promise<Gathered> {
  const found: Gathered = { steps: [], ids: [] };
  const contractIds = await contracts(tx, noticeId, found);
  if (contractIds.length === 0) return found;
  await deliveries(tx, contractIds, found);
  await invoices(tx, contractIds, found);
  return found;
}
