/**
 * The officer's section of the work page: the agency's notices with the stage each has reached,
 * the questions still unanswered and what the contracts in force wait for. Three queries, however
 * many notices the agency has.
 */
import type { Knex } from 'knex';

/** Where a notice stands, in the order a tender moves through them. */
export const STAGES = ['draft', 'bidding', 'opening', 'evaluation', 'award', 'contract', 'ended'] as const;
export type Stage = (typeof STAGES)[number];

export interface AgencyNotice {
  id: string;
  noticeNo: string | null;
  title: Record<string, string>;
  stage: Stage;
  status: string;
  submissionDeadline: Date;
  openingAt: Date;
  openedAt: Date | null;
  evaluationMethod: string;
  /** The latest evaluation round: none, open again after a complaint, or decided. */
  result: 'none' | 'reopened' | 'final';
  hasWinner: boolean;
  award: { id: string; status: string; standstillEndsAt: Date } | null;
  contract: { id: string; status: string } | null;
}

export interface WaitingQuestion {
  id: string;
  noticeId: string;
  noticeNo: string | null;
  title: Record<string, string>;
  question: string;
  askedAt: Date;
}

export interface ContractTasks {
  id: string;
  contractNo: string;
  noticeId: string;
  title: Record<string, string>;
  status: string;
  toInspect: number;
  toApprove: number;
  toPay: number;
}

export interface OfficerWork {
  notices: AgencyNotice[];
  /** More notices than the page reads (the desk lists them all). */
  truncated: boolean;
  questions: WaitingQuestion[];
  questionsWaiting: number;
  contracts: ContractTasks[];
}

const NOTICE_LIMIT = 200;
const QUESTION_LIMIT = 20;

interface NoticeRow {
  id: string;
  notice_no: string | null;
  title: Record<string, string>;
  status: string;
  submission_deadline: Date;
  opening_at: Date;
  opened_at: Date | null;
  evaluation_method: string;
  result_status: string | null;
  has_winner: boolean | null;
  award_id: string | null;
  award_status: string | null;
  standstill_ends_at: Date | null;
  contract_id: string | null;
  contract_status: string | null;
}

/** A final award completes the notice, but its contract is still to be made and carried out. */
function stageOf(row: NoticeRow, now: Date): Stage {
  if (row.status === 'planning') return 'draft';
  if (row.contract_status === 'awaiting-signatures' || row.contract_status === 'active') return 'contract';
  if (row.award_id && !row.contract_id) return 'award';
  if (row.status !== 'active') return 'ended';
  if (row.opened_at) return 'evaluation';
  return row.submission_deadline > now ? 'bidding' : 'opening';
}

async function agencyNotices(tx: Knex.Transaction, agencyId: string, now: Date) {
  const rows = await tx('notices as n')
    .joinRaw(
      `left join lateral (select r.status, r.winner_bid_id from evaluation_results r
          where r.notice_id = n.id order by r.round desc limit 1) as r on true`,
    )
    .leftJoin('awards as a', (j) => j.on('a.notice_id', 'n.id').andOnVal('a.status', '<>', 'withdrawn'))
    .leftJoin('contracts as c', 'c.award_id', 'a.id')
    .where('n.agency_id', agencyId)
    .orderByRaw('coalesce(n.published_at, n.created_at) desc')
    .limit(NOTICE_LIMIT + 1)
    .select<NoticeRow[]>(
      'n.id',
      'n.notice_no',
      'n.title',
      'n.status',
      'n.submission_deadline',
      'n.opening_at',
      'n.opened_at',
      'n.evaluation_method',
      'r.status as result_status',
      tx.raw('r.winner_bid_id is not null as has_winner'),
      'a.id as award_id',
      'a.status as award_status',
      'a.standstill_ends_at',
      'c.id as contract_id',
      'c.status as contract_status',
    );
  const notices = rows.slice(0, NOTICE_LIMIT).map((r): AgencyNotice => ({
    id: r.id,
    noticeNo: r.notice_no,
    title: r.title,
    stage: stageOf(r, now),
    status: r.status,
    submissionDeadline: r.submission_deadline,
    openingAt: r.opening_at,
    openedAt: r.opened_at,
    evaluationMethod: r.evaluation_method,
    result: r.result_status === 'final' ? 'final' : r.result_status === 'reopened' ? 'reopened' : 'none',
    hasWinner: !!r.has_winner,
    award: r.award_id ? { id: r.award_id, status: r.award_status!, standstillEndsAt: r.standstill_ends_at! } : null,
    contract: r.contract_id ? { id: r.contract_id, status: r.contract_status! } : null,
  }));
  return { notices, truncated: rows.length > NOTICE_LIMIT };
}

/** The agency's unanswered questions, oldest first, and how many there are in all. */
async function waitingQuestions(tx: Knex.Transaction, agencyId: string) {
  const rows = await tx('notice_questions as q')
    .join('notices as n', 'n.id', 'q.notice_id')
    .where('n.agency_id', agencyId)
    .whereNull('q.answer')
    .orderBy('q.asked_at')
    .limit(QUESTION_LIMIT)
    .select<
      {
        id: string;
        notice_id: string;
        notice_no: string | null;
        title: Record<string, string>;
        question: string;
        asked_at: Date;
        waiting: string;
      }[]
    >(
      'q.id',
      'q.notice_id',
      'n.notice_no',
      'n.title',
      'q.question',
      'q.asked_at',
      tx.raw('count(*) over () as waiting'),
    );
  return {
    questions: rows.map((r) => ({
      id: r.id,
      noticeId: r.notice_id,
      noticeNo: r.notice_no,
      title: r.title,
      question: r.question,
      askedAt: r.asked_at,
    })),
    questionsWaiting: Number(rows[0]?.waiting ?? 0),
  };
}

/** The agency's live contracts and what each waits for from the agency. */
async function contractTasks(tx: Knex.Transaction, agencyId: string): Promise<ContractTasks[]> {
  const rows = await tx('contracts as c')
    .join('notices as n', 'n.id', 'c.notice_id')
    .where('c.agency_id', agencyId)
    .whereIn('c.status', ['awaiting-signatures', 'active'])
    .orderBy('c.created_at')
    .select<
      {
        id: string;
        contract_no: string;
        notice_id: string;
        title: Record<string, string>;
        status: string;
        to_inspect: string;
        to_approve: string;
        to_pay: string;
      }[]
    >(
      'c.id',
      'c.contract_no',
      'c.notice_id',
      'n.title',
      'c.status',
      tx.raw(`(select count(*) from deliverables d join deliveries dl on dl.deliverable_id = d.id
                 left join inspections i on i.delivery_id = dl.id
                where d.contract_id = c.id and i.id is null) as to_inspect`),
      tx.raw(`(select count(*) from invoices i where i.contract_id = c.id and i.status = 'submitted') as to_approve`),
      tx.raw(`(select count(*) from invoices i where i.contract_id = c.id and i.status = 'approved') as to_pay`),
    );
  return rows.map((r) => ({
    id: r.id,
    contractNo: r.contract_no,
    noticeId: r.notice_id,
    title: r.title,
    status: r.status,
    toInspect: Number(r.to_inspect),
    toApprove: Number(r.to_approve),
    toPay: Number(r.to_pay),
  }));
}

export async function officerWork(tx: Knex.Transaction, agencyId: string, now: Date): Promise<OfficerWork> {
  return {
    ...(await agencyNotices(tx, agencyId, now)),
    ...(await waitingQuestions(tx, agencyId)),
    contracts: await contractTasks(tx, agencyId),
  };
}
