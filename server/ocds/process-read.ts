/**
 * Everything public about one contracting process (a notice and what followed it), read inside
 * the transaction of the change being published. Prices come from the opening record only: the
 * sealed bid columns are never read here, so nothing sealed can reach a release.
 */
import type { Knex } from 'knex';
import { openingRecord, type OpeningRecord } from '../procurement/opening/record.js';

export type Localized = Record<string, string>;

export interface AgencyFacts {
  code: string;
  name: Localized;
}

export interface SupplierFacts {
  id: string;
  registrationNo: string;
  name: Localized;
}

export interface PlanFacts {
  id: string;
  fiscalYear: number;
  title: Localized;
  category: string;
  method: string;
  quarter: number;
  estimatedBudget: number;
  status: string;
  publishedAt: Date | null;
  agency: AgencyFacts;
}

export interface NoticeFacts {
  id: string;
  noticeNo: string | null;
  title: Localized;
  category: string;
  competition: string;
  method: string;
  evaluationMethod: string;
  estimatedPrice: number;
  estimatedPriceHidden: boolean;
  status: string;
  statusDetails: string;
  publishedAt: Date | null;
  submissionDeadline: Date;
  openingAt: Date;
  cancellationReason: string | null;
  lots: { no: number; title: string | Localized }[];
  agency: AgencyFacts;
  hasQuestions: boolean;
}

export interface ProcessState {
  notice: NoticeFacts;
  plan: PlanFacts | null;
  documents: {
    id: string;
    addendumId: string | null;
    fileName: string;
    contentType: string;
    sha256: string;
    uploadedAt: Date;
  }[];
  addenda: { number: number; summary: string; issuedAt: Date; extendedByRule: boolean; outage: boolean }[];
  opening: OpeningRecord | null;
  /**
   * Prices by receipt number from the evaluation's score table: a two-envelope tender publishes
   * its prices there, when the price envelopes are opened after the technical evaluation.
   */
  evaluatedPrices: Record<string, number>;
  awards: {
    id: string;
    amount: number;
    status: string;
    publishedAt: Date;
    standstillEndsAt: Date;
    receiptNo: string;
    supplier: SupplierFacts;
  }[];
  contracts: {
    id: string;
    contractNo: string;
    awardId: string;
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
  }[];
}

interface AgencyRow {
  code: string;
  name: Localized;
}

async function agency(tx: Knex.Transaction, id: string): Promise<AgencyFacts> {
  const row = await tx('agencies').where({ id }).first<AgencyRow>('code', 'name');
  return { code: row.code, name: row.name };
}

async function supplier(tx: Knex.Transaction, id: string): Promise<SupplierFacts> {
  const row = await tx('suppliers')
    .where({ id })
    .first<{ id: string; registration_no: string; legal_name: Localized }>('id', 'registration_no', 'legal_name');
  return { id: row.id, registrationNo: row.registration_no, name: row.legal_name };
}

/** A plan entry as published, or undefined for one that does not exist. */
interface PlanRow {
  id: string;
  agency_id: string;
  fiscal_year: number;
  title: Localized;
  category: string;
  method: string;
  quarter: number;
  estimated_budget: string;
  status: string;
  published_at: Date | null;
}

export async function readPlan(tx: Knex.Transaction, id: string): Promise<PlanFacts | undefined> {
  const row = await tx('plan_entries').where({ id }).first<PlanRow | undefined>();
  if (!row) return undefined;
  return {
    id: row.id,
    fiscalYear: row.fiscal_year,
    title: row.title,
    category: row.category,
    method: row.method,
    quarter: row.quarter,
    estimatedBudget: Number(row.estimated_budget),
    status: row.status,
    publishedAt: row.published_at,
    agency: await agency(tx, row.agency_id),
  };
}

interface ContractRow {
  id: string;
  contract_no: string;
  award_id: string;
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

async function readContracts(tx: Knex.Transaction, noticeId: string): Promise<ProcessState['contracts']> {
  const rows = await tx('contracts').where({ notice_id: noticeId }).orderBy('created_at').select<ContractRow[]>();
  const contracts: ProcessState['contracts'] = [];
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

async function evaluatedPrices(tx: Knex.Transaction, noticeId: string): Promise<Record<string, number>> {
  const result = await tx('evaluation_results')
    .where({ notice_id: noticeId, status: 'final' })
    .orderBy('round', 'desc')
    .first<{ score_table: { rows?: { receiptNo?: string; price?: number }[] } } | undefined>('score_table');
  const prices: Record<string, number> = {};
  for (const row of result?.score_table.rows ?? []) {
    if (row.receiptNo && typeof row.price === 'number') prices[row.receiptNo] = row.price;
  }
  return prices;
}

interface NoticeRow {
  id: string;
  notice_no: string | null;
  plan_entry_id: string | null;
  agency_id: string;
  title: Localized;
  category: string;
  competition: string;
  method: string;
  evaluation_method: string;
  estimated_price: string;
  estimated_price_hidden: boolean;
  status: string;
  status_details: string;
  published_at: Date | null;
  submission_deadline: Date;
  opening_at: Date;
  cancellation_reason: string | null;
  lots: { no: number; title: string | Localized }[] | null;
}

/** The public state of a notice's process, or undefined for a notice never published. */
export async function readProcess(tx: Knex.Transaction, noticeId: string): Promise<ProcessState | undefined> {
  const n = await tx('notices').where({ id: noticeId }).first<NoticeRow | undefined>();
  if (!n || !n.published_at) return undefined;
  const notice: NoticeFacts = {
    id: n.id,
    noticeNo: n.notice_no,
    title: n.title,
    category: n.category,
    competition: n.competition,
    method: n.method,
    evaluationMethod: n.evaluation_method,
    estimatedPrice: Number(n.estimated_price),
    estimatedPriceHidden: n.estimated_price_hidden,
    status: n.status,
    statusDetails: n.status_details,
    publishedAt: n.published_at,
    submissionDeadline: n.submission_deadline,
    openingAt: n.opening_at,
    cancellationReason: n.cancellation_reason,
    lots: n.lots ?? [],
    agency: await agency(tx, n.agency_id),
    hasQuestions: Boolean(await tx('notice_questions').where({ notice_id: n.id }).first('id')),
  };
  const plan = n.plan_entry_id ? ((await readPlan(tx, n.plan_entry_id)) ?? null) : null;
  const documents = await tx('notice_documents')
    .where({ notice_id: n.id })
    .whereNull('superseded_by')
    .orderBy('uploaded_at')
    .orderBy('file_name')
    .select<
      {
        id: string;
        addendum_id: string | null;
        file_name: string;
        content_type: string;
        sha256: string;
        uploaded_at: Date;
      }[]
    >('id', 'addendum_id', 'file_name', 'content_type', 'sha256', 'uploaded_at');
  const addenda = await tx('notice_addenda')
    .where({ notice_id: n.id })
    .orderBy('number')
    .select<
      { number: number; summary: string; issued_at: Date; extended_by_rule: boolean; outage_id: string | null }[]
    >('number', 'summary', 'issued_at', 'extended_by_rule', 'outage_id');
  const awards = await tx('awards as a')
    .join('bids as b', 'b.id', 'a.bid_id')
    .where('a.notice_id', n.id)
    .orderBy('a.published_at')
    .select<
      {
        id: string;
        amount: string;
        status: string;
        published_at: Date;
        standstill_ends_at: Date;
        supplier_id: string;
        receipt_no: string;
      }[]
    >('a.id', 'a.amount', 'a.status', 'a.published_at', 'a.standstill_ends_at', 'a.supplier_id', 'b.receipt_no');
  const awardFacts: ProcessState['awards'] = [];
  for (const a of awards) {
    awardFacts.push({
      id: a.id,
      amount: Number(a.amount),
      status: a.status,
      publishedAt: a.published_at,
      standstillEndsAt: a.standstill_ends_at,
      receiptNo: a.receipt_no,
      supplier: await supplier(tx, a.supplier_id),
    });
  }
  return {
    notice,
    plan,
    documents: documents.map((d) => ({
      id: d.id,
      addendumId: d.addendum_id,
      fileName: d.file_name,
      contentType: d.content_type,
      sha256: d.sha256,
      uploadedAt: d.uploaded_at,
    })),
    addenda: addenda.map((a) => ({
      number: a.number,
      summary: a.summary,
      issuedAt: a.issued_at,
      extendedByRule: a.extended_by_rule,
      outage: a.outage_id !== null,
    })),
    opening: (await openingRecord(tx, n.id)) ?? null,
    evaluatedPrices: await evaluatedPrices(tx, n.id),
    awards: awardFacts,
    contracts: await readContracts(tx, n.id),
  };
}
