/** Reading a contract's deliverables with their delivery attempts and inspection results, and the contracts a user follows. */
import type { Knex } from 'knex';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { CheckResult } from './checklist.js';
import {
  assertViewer,
  contractById,
  contractsWithOrigin,
  contractTitle,
  type ContractRole,
  type ContractRow,
} from './contract-access.js';

export interface InspectionView {
  result: 'accepted' | 'rejected';
  defects: string | null;
  checklist: CheckResult[];
  inspectedAt: Date;
}

export interface DeliveryView {
  id: string;
  attempt: number;
  deliveredAt: Date;
  note: string | null;
  inspection: InspectionView | null;
}

export interface DeliverableView {
  id: string;
  number: number;
  title: string;
  amount: number;
  dueOn: string;
  safetyRelated: boolean;
  status: 'pending' | 'delivered' | 'accepted' | 'rejected';
  deliveries: DeliveryView[];
}

export async function deliverablesOf(tx: Knex.Transaction, contractId: string): Promise<DeliverableView[]> {
  const items = await tx('deliverables').where({ contract_id: contractId }).orderBy('number').select<
    {
      id: string;
      number: number;
      title: string;
      amount: string;
      due_on: string;
      safety_related: boolean;
      status: DeliverableView['status'];
    }[]
  >('id', 'number', 'title', 'amount', tx.raw('due_on::text as due_on'), 'safety_related', 'status');
  const attempts = await tx('deliveries as d')
    .leftJoin('inspections as i', 'i.delivery_id', 'd.id')
    .whereIn(
      'd.deliverable_id',
      items.map((i) => i.id),
    )
    .orderBy([{ column: 'd.deliverable_id' }, { column: 'd.attempt' }])
    .select<
      {
        id: string;
        deliverable_id: string;
        attempt: number;
        delivered_at: Date;
        note: string | null;
        result: 'accepted' | 'rejected' | null;
        defects: string | null;
        checklist: CheckResult[] | null;
        inspected_at: Date | null;
      }[]
    >(
      'd.id',
      'd.deliverable_id',
      'd.attempt',
      'd.delivered_at',
      'd.note',
      'i.result',
      'i.defects',
      'i.checklist',
      'i.inspected_at',
    );
  return items.map((item) => ({
    id: item.id,
    number: item.number,
    title: item.title,
    amount: Number(item.amount),
    dueOn: item.due_on,
    safetyRelated: item.safety_related,
    status: item.status,
    deliveries: attempts
      .filter((a) => a.deliverable_id === item.id)
      .map((a) => ({
        id: a.id,
        attempt: a.attempt,
        deliveredAt: a.delivered_at,
        note: a.note,
        inspection: a.result
          ? { result: a.result, defects: a.defects, checklist: a.checklist ?? [], inspectedAt: a.inspected_at! }
          : null,
      })),
  }));
}

export interface ContractSummary {
  id: string;
  contractNo: string;
  noticeId: string | null;
  noticeNo: string | null;
  title: Record<string, string>;
  status: string;
  value: number;
}

/** The contracts a user follows: the supplier's own, the agency's, or all of them for auditors. */
export async function contractsFor(tx: Knex.Transaction, user: SessionUser): Promise<ContractSummary[]> {
  const q = contractsWithOrigin(tx);
  if (can(user, 'invoices:submit')) q.where('c.supplier_id', user.supplierId);
  else if (can(user, 'notices:manage')) q.where('c.agency_id', user.agencyId);
  else if (!can(user, 'audit:read')) return [];
  const rows = await q.orderBy('c.created_at', 'desc').limit(200).select<
    {
      id: string;
      contract_no: string;
      notice_id: string | null;
      notice_no: string | null;
      title: Record<string, string>;
      status: string;
      value: string;
    }[]
  >('c.id', 'c.contract_no', 'c.notice_id', 'n.notice_no', tx.raw(contractTitle), 'c.status', 'c.value');
  return rows.map((r) => ({
    id: r.id,
    contractNo: r.contract_no,
    noticeId: r.notice_id,
    noticeNo: r.notice_no,
    title: r.title,
    status: r.status,
    value: Number(r.value),
  }));
}

/** The contracts the actor follows. */
export async function followedContracts(actor: Actor): Promise<ContractSummary[]> {
  const user = actor.user;
  assertCan(user, 'account:use');
  return inTenant(actor.tenant, (tx) => contractsFor(tx, user));
}

export interface ContractDeliveries {
  contract: ContractRow;
  role: ContractRole;
  deliverables: DeliverableView[];
}

/** A contract's deliverables with every delivery and inspection, for its parties and auditors. */
export async function contractDeliveries(actor: Actor, contractId: string): Promise<ContractDeliveries> {
  return inTenant(actor.tenant, async (tx) => {
    const contract = await contractById(tx, contractId);
    const role = assertViewer(actor.user, contract);
    return { contract, role, deliverables: await deliverablesOf(tx, contract.id) };
  });
}
