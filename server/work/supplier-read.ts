/**
 * The supplier's section of the work page: the company's bids with their receipts (numbers and
 * times only: nothing sealed is read), open notices in the company's categories it has not bid
 * on, the questions this user asked, and the company's contracts with their invoices.
 */
import type { Knex } from 'knex';

export interface OwnBid {
  id: string;
  receiptNo: string;
  submittedAt: Date;
  status: 'current' | 'withdrawn';
  lot: number;
  noticeId: string;
  noticeNo: string | null;
  title: Record<string, string>;
  submissionDeadline: Date;
  openingAt: Date;
  openedAt: Date | null;
  noticeStatus: string;
  /** This bid won the award (in standstill or final). */
  awarded: boolean;
}

export interface MatchingNotice {
  id: string;
  noticeNo: string | null;
  title: Record<string, string>;
  category: string;
  submissionDeadline: Date;
}

export interface AskedQuestion {
  noticeId: string;
  noticeNo: string | null;
  title: Record<string, string>;
  question: string;
  askedAt: Date;
  answeredAt: Date | null;
}

export interface OwnContract {
  id: string;
  contractNo: string;
  noticeId: string;
  title: Record<string, string>;
  value: number;
  status: string;
  /** The company has not signed the current version yet. */
  awaitingOurSignature: boolean;
}

export interface OwnInvoice {
  invoiceNo: string;
  contractId: string;
  contractNo: string;
  amount: number;
  status: string;
  submittedAt: Date;
  dueOn: string | null;
}

export interface SupplierWork {
  bids: OwnBid[];
  matching: MatchingNotice[];
  questions: AskedQuestion[];
  contracts: OwnContract[];
  invoices: OwnInvoice[];
}

const LIMIT = 20;

/** Current and withdrawn bids (a replaced bid lives on in the one that replaced it), newest first. */
async function ownBids(tx: Knex.Transaction, supplierId: string): Promise<OwnBid[]> {
  const rows = await tx('bids as b')
    .join('notices as n', 'n.id', 'b.notice_id')
    .leftJoin('awards as a', (j) => j.on('a.bid_id', 'b.id').andOnVal('a.status', '<>', 'withdrawn'))
    .where('b.supplier_id', supplierId)
    .whereIn('b.status', ['current', 'withdrawn'])
    .orderBy('b.submitted_at', 'desc')
    .limit(LIMIT)
    // Named columns only: the sealed envelopes and their files are never read here.
    .select<
      {
        id: string;
        receipt_no: string;
        submitted_at: Date;
        status: 'current' | 'withdrawn';
        lot: number;
        notice_id: string;
        notice_no: string | null;
        title: Record<string, string>;
        submission_deadline: Date;
        opening_at: Date;
        opened_at: Date | null;
        notice_status: string;
        award_id: string | null;
      }[]
    >(
      'b.id',
      'b.receipt_no',
      'b.submitted_at',
      'b.status',
      'b.lot',
      'b.notice_id',
      'n.notice_no',
      'n.title',
      'n.submission_deadline',
      'n.opening_at',
      'n.opened_at',
      'n.status as notice_status',
      'a.id as award_id',
    );
  return rows.map((r) => ({
    id: r.id,
    receiptNo: r.receipt_no,
    submittedAt: r.submitted_at,
    status: r.status,
    lot: r.lot,
    noticeId: r.notice_id,
    noticeNo: r.notice_no,
    title: r.title,
    submissionDeadline: r.submission_deadline,
    openingAt: r.opening_at,
    openedAt: r.opened_at,
    noticeStatus: r.notice_status,
    awarded: !!r.award_id,
  }));
}

/** Notices open for bids in one of the company's categories, without a current bid of it, closing first. */
async function matchingNotices(tx: Knex.Transaction, supplierId: string): Promise<MatchingNotice[]> {
  const rows = await tx('notices as n')
    .where('n.status', 'active')
    .whereRaw('n.submission_deadline > app_now()')
    .whereRaw('n.category = any (select unnest(s.categories) from suppliers s where s.id = ?)', [supplierId])
    .whereNotExists((q) =>
      q
        .select(tx.raw('1'))
        .from('bids as b')
        .whereRaw('b.notice_id = n.id')
        .where({ 'b.supplier_id': supplierId, 'b.status': 'current' }),
    )
    .orderBy('n.submission_deadline')
    .limit(LIMIT)
    .select<
      {
        id: string;
        notice_no: string | null;
        title: Record<string, string>;
        category: string;
        submission_deadline: Date;
      }[]
    >('n.id', 'n.notice_no', 'n.title', 'n.category', 'n.submission_deadline');
  return rows.map((r) => ({
    id: r.id,
    noticeNo: r.notice_no,
    title: r.title,
    category: r.category,
    submissionDeadline: r.submission_deadline,
  }));
}

async function askedQuestions(tx: Knex.Transaction, userId: string): Promise<AskedQuestion[]> {
  const rows = await tx('notice_questions as q')
    .join('notices as n', 'n.id', 'q.notice_id')
    .where('q.asked_by', userId)
    .orderBy('q.asked_at', 'desc')
    .limit(LIMIT)
    .select<
      {
        notice_id: string;
        notice_no: string | null;
        title: Record<string, string>;
        question: string;
        asked_at: Date;
        answered_at: Date | null;
      }[]
    >('q.notice_id', 'n.notice_no', 'n.title', 'q.question', 'q.asked_at', 'q.answered_at');
  return rows.map((r) => ({
    noticeId: r.notice_id,
    noticeNo: r.notice_no,
    title: r.title,
    question: r.question,
    askedAt: r.asked_at,
    answeredAt: r.answered_at,
  }));
}

async function ownContracts(tx: Knex.Transaction, supplierId: string): Promise<OwnContract[]> {
  const rows = await tx('contracts as c')
    .join('notices as n', 'n.id', 'c.notice_id')
    .where('c.supplier_id', supplierId)
    .orderBy('c.created_at', 'desc')
    .limit(LIMIT)
    .select<
      {
        id: string;
        contract_no: string;
        notice_id: string;
        title: Record<string, string>;
        value: string;
        status: string;
        signed: boolean;
      }[]
    >(
      'c.id',
      'c.contract_no',
      'c.notice_id',
      'n.title',
      'c.value',
      'c.status',
      tx.raw(`exists (select 1 from contract_signatures s
                where s.contract_id = c.id and s.version = c.version and s.party = 'supplier') as signed`),
    );
  return rows.map((r) => ({
    id: r.id,
    contractNo: r.contract_no,
    noticeId: r.notice_id,
    title: r.title,
    value: Number(r.value),
    status: r.status,
    awaitingOurSignature: r.status === 'awaiting-signatures' && !r.signed,
  }));
}

async function ownInvoices(tx: Knex.Transaction, supplierId: string): Promise<OwnInvoice[]> {
  const rows = await tx('invoices as i')
    .join('contracts as c', 'c.id', 'i.contract_id')
    .where('c.supplier_id', supplierId)
    .orderBy('i.submitted_at', 'desc')
    .limit(LIMIT)
    .select<
      {
        invoice_no: string;
        contract_id: string;
        contract_no: string;
        amount: string;
        status: string;
        submitted_at: Date;
        due_on: string | null;
      }[]
    >(
      'i.invoice_no',
      'i.contract_id',
      'c.contract_no',
      'i.amount',
      'i.status',
      'i.submitted_at',
      tx.raw('i.due_on::text as due_on'),
    );
  return rows.map((r) => ({
    invoiceNo: r.invoice_no,
    contractId: r.contract_id,
    contractNo: r.contract_no,
    amount: Number(r.amount),
    status: r.status,
    submittedAt: r.submitted_at,
    dueOn: r.due_on,
  }));
}

export async function supplierWork(tx: Knex.Transaction, supplierId: string, userId: string): Promise<SupplierWork> {
  return {
    bids: await ownBids(tx, supplierId),
    matching: await matchingNotices(tx, supplierId),
    questions: await askedQuestions(tx, userId),
    contracts: await ownContracts(tx, supplierId),
    invoices: await ownInvoices(tx, supplierId),
  };
}
