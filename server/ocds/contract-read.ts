/**
 * A process's contracts as published: value, period, signatures, amendments, deliverables with
 * their acceptance, and the payments made (server/ocds/release-build.ts turns them into OCDS).
 */
import type { Knex } from 'knex';
import { supplier, type SupplierFacts } from './parties-read.js';

export type ContractFacts = {
  id: string;
  contractNo: string;
  /** Null for a delivery order's contract, which has its order instead of an award. */
  awardId: string | null;
  value: number;
  startsOn: string;
  endsOn: string;
  status: string;
  createdAt: Date;
  signedAt: Date | null;
  terminatedAt: Date | null;
  supplier: SupplierFacts;
  amendments: { number: number; reason: string; issuedAt: Date }[];
  deliverables: {
    id: string;
    number: number;
    title: string;
    amount: number;
    dueOn: string;
    status: string;
    acceptedAt: Date | null;
  }[];
  payments: { id: string; invoiceNo: string; amount: number; paidOn: string }[];
};

interface ContractRow {
  id: string;
  contract_no: string;
  award_id: string | null;
  supplier_id: string;
  value: string;
  starts_on: Date;
  ends_on: Date;
  status: string;
  version: number;
  created_at: Date;
  terminated_at: Date | null;
}

interface DeliverableRow {
  id: string;
  number: number;
  title: string;
  amount: string;
  due_on: Date;
  status: string;
  accepted_at: Date | null;
}

export function readContracts(tx: Knex.Transaction, noticeId: string): Promise<ContractFacts[]> {
  return contractsWhere(tx, { notice_id: noticeId });
}

/** The contract a delivery order carries once its supplier accepted it (none before). */
export function readOrderContracts(tx: Knex.Transaction, orderId: string): Promise<ContractFacts[]> {
  return contractsWhere(tx, { order_id: orderId });
}

async function contractsWhere(
  tx: Knex.Transaction,
  where: { notice_id: string } | { order_id: string },
): Promise<ContractFacts[]> {
  const rows = await tx('contracts').where(where).orderBy('created_at').select<ContractRow[]>();
  const contracts: ContractFacts[] = [];
  // One query after another: a transaction's client runs one at a time anyway.
  for (const c of rows) {
    const signed = await tx('contract_signatures')
      .where({ contract_id: c.id, version: c.version })
      .select<{ at: Date | null; parties: string }[]>(
        tx.raw('max(signed_at) as at'),
        tx.raw('count(distinct party) as parties'),
      );
    const amendments = await tx('contract_amendments')
      .where({ contract_id: c.id })
      .orderBy('number')
      .select<{ number: number; reason: string; issued_at: Date }[]>('number', 'reason', 'issued_at');
    const deliverables = await tx('deliverables as d')
      .leftJoin(
        tx('deliveries as v')
          .join('inspections as i', 'i.delivery_id', 'v.id')
          .where('i.result', 'accepted')
          .groupBy('v.deliverable_id')
          .select('v.deliverable_id', tx.raw('max(i.inspected_at) as accepted_at'))
          .as('a'),
        'a.deliverable_id',
        'd.id',
      )
      .where('d.contract_id', c.id)
      .orderBy('d.number')
      .select<DeliverableRow[]>('d.id', 'd.number', 'd.title', 'd.amount', 'd.due_on', 'd.status', 'a.accepted_at');
    const payments = await tx('payments as p')
      .join('invoices as i', 'i.id', 'p.invoice_id')
      .where('i.contract_id', c.id)
      .orderBy('p.paid_on')
      .orderBy('i.invoice_no')
      .select<{ id: string; invoice_no: string; amount: string; paid_on: string }[]>(
        'p.id',
        'i.invoice_no',
        'p.amount',
        tx.raw(`to_char(p.paid_on, 'YYYY-MM-DD') as paid_on`),
      );
    contracts.push({
      id: c.id,
      contractNo: c.contract_no,
      awardId: c.award_id,
      value: Number(c.value),
      startsOn: isoDay(c.starts_on),
      endsOn: isoDay(c.ends_on),
      status: c.status,
      createdAt: c.created_at,
      signedAt: Number(signed[0]?.parties ?? 0) >= 2 ? (signed[0]?.at ?? null) : null,
      terminatedAt: c.terminated_at,
      supplier: await supplier(tx, c.supplier_id),
      amendments: amendments.map((a) => ({ number: a.number, reason: a.reason, issuedAt: a.issued_at })),
      deliverables: deliverables.map((d) => ({
        id: d.id,
        number: d.number,
        title: d.title,
        amount: Number(d.amount),
        dueOn: isoDay(d.due_on),
        status: d.status,
        acceptedAt: d.accepted_at,
      })),
      payments: payments.map((p) => ({
        id: p.id,
        invoiceNo: p.invoice_no,
        amount: Number(p.amount),
        paidOn: p.paid_on,
      })),
    });
  }
  return contracts;
}

/** A `date` column as its calendar day (pg hands dates over as local-midnight Dates). */
function isoDay(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
