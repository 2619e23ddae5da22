/**
 * Reading a contract's invoices with their payments. An approved invoice still unpaid after its
 * due date (the tenant's clock, in its time zone) is flagged `overdue`.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../identity/actor.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { assertViewer, contractById, type ContractRole, type ContractRow } from '../deliveries/contract-access.js';
import { deliverablesOf, type DeliverableView } from '../deliveries/read.js';
import { InvoiceNotFoundError } from './errors.js';

export interface InvoiceView {
  id: string;
  invoiceNo: string;
  contractId: string;
  deliverableId: string;
  deliverableNumber: number;
  deliverableTitle: string;
  amount: number;
  status: 'submitted' | 'approved' | 'rejected' | 'paid';
  submittedAt: Date;
  decidedAt: Date | null;
  rejectionReason: string | null;
  dueOn: string | null;
  appliedRules: string[];
  overdue: boolean;
  payment: { paidOn: string; reference: string; amount: number; recordedAt: Date } | null;
}

interface Row {
  id: string;
  invoice_no: string;
  contract_id: string;
  deliverable_id: string;
  number: number;
  title: string;
  amount: string;
  status: InvoiceView['status'];
  submitted_at: Date;
  decided_at: Date | null;
  rejection_reason: string | null;
  due_on: string | null;
  applied_rules: string[];
  overdue: boolean;
  paid_on: string | null;
  reference: string | null;
  paid_amount: string | null;
  recorded_at: Date | null;
}

function invoices(tx: Knex.Transaction, tenant: TenantHandle) {
  return tx('invoices as i')
    .join('deliverables as d', 'd.id', 'i.deliverable_id')
    .leftJoin('payments as p', 'p.invoice_id', 'i.id')
    .select<Row[]>(
      'i.id',
      'i.invoice_no',
      'i.contract_id',
      'i.deliverable_id',
      'd.number',
      'd.title',
      'i.amount',
      'i.status',
      'i.submitted_at',
      'i.decided_at',
      'i.rejection_reason',
      tx.raw('i.due_on::text as due_on'),
      'i.applied_rules',
      tx.raw(`(i.status = 'approved' and i.due_on < (app_now() at time zone ?)::date) as overdue`, [
        tenant.config.timeZone,
      ]),
      tx.raw('p.paid_on::text as paid_on'),
      'p.reference',
      'p.amount as paid_amount',
      'p.recorded_at',
    );
}

const view = (r: Row): InvoiceView => ({
  id: r.id,
  invoiceNo: r.invoice_no,
  contractId: r.contract_id,
  deliverableId: r.deliverable_id,
  deliverableNumber: r.number,
  deliverableTitle: r.title,
  amount: Number(r.amount),
  status: r.status,
  submittedAt: r.submitted_at,
  decidedAt: r.decided_at,
  rejectionReason: r.rejection_reason,
  dueOn: r.due_on,
  appliedRules: r.applied_rules,
  overdue: r.overdue,
  payment:
    r.paid_on && r.reference && r.paid_amount && r.recorded_at
      ? { paidOn: r.paid_on, reference: r.reference, amount: Number(r.paid_amount), recordedAt: r.recorded_at }
      : null,
});

export async function invoicesOf(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  contractId: string,
): Promise<InvoiceView[]> {
  return (await invoices(tx, tenant).where('i.contract_id', contractId).orderBy('i.submitted_at')).map(view);
}

export async function invoiceById(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  id: string,
): Promise<InvoiceView | undefined> {
  const row = await invoices(tx, tenant).where('i.id', id).first();
  return row ? view(row) : undefined;
}

/** What the contract's invoices add up to: invoiced (not rejected), paid, and what may still be invoiced. */
export function totals(contractValue: number, list: InvoiceView[]) {
  const invoiced = list.filter((i) => i.status !== 'rejected').reduce((sum, i) => sum + i.amount, 0);
  const paid = list.reduce((sum, i) => sum + (i.payment?.amount ?? 0), 0);
  return { value: contractValue, invoiced, paid, remaining: contractValue - invoiced };
}

export interface ContractInvoices {
  contract: ContractRow;
  role: ContractRole;
  /** The tenant's date today, in its time zone (the payment form's default). */
  today: string;
  deliverables: DeliverableView[];
  invoices: InvoiceView[];
}

/** A contract's deliverables and invoices with their payments, for its parties and auditors. */
export async function contractInvoices(actor: Actor, contractId: string): Promise<ContractInvoices> {
  const tenant = actor.tenant;
  return inTenant(tenant, async (tx) => {
    const contract = await contractById(tx, contractId);
    const role = assertViewer(actor.user, contract);
    return {
      contract,
      role,
      today: localDate(await now(tx), tenant.config.timeZone),
      deliverables: await deliverablesOf(tx, contract.id),
      invoices: await invoicesOf(tx, tenant, contract.id),
    };
  });
}

/** One invoice, for the parties to its contract and auditors. */
export async function readInvoice(actor: Actor, id: string): Promise<InvoiceView> {
  return inTenant(actor.tenant, async (tx) => {
    const found = await invoiceById(tx, actor.tenant, id);
    if (!found) throw new InvoiceNotFoundError();
    assertViewer(actor.user, await contractById(tx, found.contractId));
    return found;
  });
}
