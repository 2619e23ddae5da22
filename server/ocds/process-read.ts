/**
 * Everything public about one contracting process (a notice and what followed it), read inside
 * the transaction of the change being published. Prices come from the opening record (or a
 * two-envelope tender's score table, once its price envelopes are opened): the sealed bid columns
 * are never read here, so nothing sealed can reach a release.
 */
import type { Knex } from 'knex';
import { openingRecord, type OpeningRecord } from '../procurement/opening/record.js';
import { agency, supplier, type AgencyFacts, type Localized, type SupplierFacts } from './parties-read.js';
import { readContracts, type ContractFacts } from './contract-read.js';
import { readFramework, type FrameworkFacts } from './framework-read.js';

export type { AgencyFacts, Localized, SupplierFacts };

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
  contracts: ContractFacts[];
  /** The framework agreement this notice tenders for, if it is a framework notice. */
  framework: FrameworkFacts | null;
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
    framework: await readFramework(tx, n.id),
  };
}
