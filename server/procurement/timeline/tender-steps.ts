/**
 * The steps of a tender up to the award: plan, pre-specification, notice, addenda, answered
 * questions, bids received (a count, and only once the deadline has passed), opening, a direct
 * contract after failure, cancellation, evaluation, award and complaints. Tables other features
 * fill are read with plain queries: what is not there yet is simply not a step.
 */
import type { Knex } from 'knex';
import { about, on, step, type Step } from './step.js';

export interface TimelineNotice {
  id: string;
  notice_no: string | null;
  title: Record<string, string>;
  agency_id: string;
  plan_entry_id: string | null;
  status: string;
  created_at: Date;
  published_at: Date | null;
  submission_deadline: Date;
  opened_at: Date | null;
}

/** Steps, and the ids of the records behind them (the audit entries to look for). */
export interface Gathered {
  steps: Step[];
  ids: string[];
}

/** One kind of record read and turned into steps, added to what is gathered. */
type Gatherer = (tx: Knex.Transaction, notice: TimelineNotice, found: Gathered, at: Date) => Promise<void> | void;

const onNotice =
  (notice: TimelineNotice) =>
  (...actions: (string | RegExp)[]) =>
    on([notice.id], ...actions);

const planPublished: Gatherer = async (tx, notice, { steps, ids }) => {
  if (!notice.plan_entry_id) return;
  ids.push(notice.plan_entry_id);
  const plan = await tx('plan_entries')
    .where({ id: notice.plan_entry_id })
    .first<{ published_at: Date | null } | undefined>('published_at');
  if (plan?.published_at) steps.push(step('plan-published', plan.published_at, true, {}, on(ids, 'plan.*')));
};

const preSpecification: Gatherer = async (tx, notice, { steps, ids }) => {
  const prespec = await tx('pre_specifications')
    .where({ notice_id: notice.id })
    .first<{ id: string; opened_at: Date; closes_on: string } | undefined>(
      'id',
      'opened_at',
      tx.raw('closes_on::text as closes_on'),
    );
  if (!prespec) return;
  ids.push(prespec.id);
  const claims = [onNotice(notice)('pre-specification.opened'), on([prespec.id], 'pre-specification.*')];
  steps.push(
    step('pre-specification', prespec.opened_at, true, { closesOn: prespec.closes_on }, (e) =>
      claims.some((c) => c(e)),
    ),
  );
};

const noticeItself: Gatherer = (_tx, notice, { steps }) => {
  const claims = onNotice(notice);
  steps.push(
    step(
      'notice-drafted',
      notice.created_at,
      false,
      {},
      claims('notice.drafted', /^notice\.document/, /^notice\.draft-/),
    ),
  );
  if (notice.published_at)
    steps.push(
      step(
        'notice-published',
        notice.published_at,
        true,
        { noticeNo: notice.notice_no ?? '' },
        claims('notice.published'),
      ),
    );
};

const addenda: Gatherer = async (tx, notice, { steps }) => {
  const rows = await tx('notice_addenda')
    .where({ notice_id: notice.id })
    .orderBy('number')
    .select<{ number: number; revision: number; issued_at: Date }[]>('number', 'revision', 'issued_at');
  const claims = onNotice(notice)('notice.addendum-issued', 'notice.outage-extended');
  for (const a of rows)
    steps.push(step('addendum', a.issued_at, true, { number: a.number }, about('addendum', a.number, claims)));
};

const answeredQuestions: Gatherer = async (tx, notice, { steps }) => {
  const answered = await tx('notice_questions')
    .where({ notice_id: notice.id })
    .whereNotNull('answered_at')
    .orderBy('answered_at')
    .select<{ id: string; answered_at: Date }[]>('id', 'answered_at');
  const claims = onNotice(notice)('notice.question-*');
  for (const q of answered)
    steps.push(step('question-answered', q.answered_at, true, {}, about('question', q.id, claims)));
};

const bidsReceived: Gatherer = async (tx, notice, { steps, ids }, at) => {
  const bids = await tx('bids')
    .where({ notice_id: notice.id })
    .select<{ id: string; status: string; lot: number; supplier_id: string }[]>('id', 'status', 'lot', 'supplier_id');
  ids.push(...bids.map((b) => b.id));
  // Never a count before the deadline, never who or how much before the opening.
  if (at < notice.submission_deadline && !notice.opened_at) return;
  const count = bids.filter((b) => b.status === 'current').length;
  const claims = on(
    bids.map((b) => b.id),
    'bid.*',
  );
  steps.push(step('bids-received', notice.submission_deadline, true, { count }, claims));
};

const opening: Gatherer = async (tx, notice, { steps }) => {
  const row = await tx('tender_openings')
    .where({ notice_id: notice.id })
    .first<{ outcome: 'opened' | 'failed'; opened_at: Date } | undefined>('outcome', 'opened_at');
  if (!row) return;
  const kind = row.outcome === 'failed' ? 'tender-failed' : 'tender-opened';
  steps.push(step(kind, row.opened_at, true, {}, onNotice(notice)('tender.*', 'tender-key.*')));
};

const directContract: Gatherer = async (tx, notice, { steps }) => {
  const direct = await tx('direct_contract_decisions')
    .where({ notice_id: notice.id })
    .first<{ decided_at: Date } | undefined>('decided_at');
  if (direct)
    steps.push(step('direct-contract', direct.decided_at, true, {}, onNotice(notice)('notice.direct-contract-chosen')));
};

const cancellation: Gatherer = async (tx, notice, { steps }) => {
  if (notice.status !== 'cancelled') return;
  const cancelled = await tx('audit_entries')
    .where({ target_type: 'notice', target_id: notice.id, action: 'notice.cancelled' })
    .orderBy('seq', 'desc')
    .first<{ at: Date } | undefined>('at');
  if (cancelled) steps.push(step('notice-cancelled', cancelled.at, true, {}, onNotice(notice)('notice.cancelled')));
};

const evaluations: Gatherer = async (tx, notice, { steps, ids }) => {
  const rows = await tx('evaluation_results')
    .where({ notice_id: notice.id })
    .orderBy('round')
    .select<{ id: string; round: number; decided_at: Date }[]>('id', 'round', 'decided_at');
  ids.push(...rows.map((e) => e.id));
  const claims = on([notice.id, ...rows.map((e) => e.id)], /evaluat|score|qualif|declar/);
  for (const e of rows) steps.push(step('evaluation', e.decided_at, true, { round: e.round }, claims));
};

const awards: Gatherer = async (tx, notice, { steps, ids }) => {
  const rows = await tx('awards')
    .where({ notice_id: notice.id })
    .orderBy('published_at')
    .select<{ id: string; published_at: Date; final_at: Date | null; status: string }[]>(
      'id',
      'published_at',
      'final_at',
      'status',
    );
  const awardIds = rows.map((a) => a.id);
  ids.push(...awardIds);
  const claims = on([notice.id, ...awardIds], /award/);
  for (const a of rows) {
    steps.push(step('award-published', a.published_at, true, {}, (e) => claims(e) && !/final/.test(e.action)));
    if (a.final_at) steps.push(step('award-final', a.final_at, true, {}, (e) => claims(e) && /final/.test(e.action)));
  }
};

const complaints: Gatherer = async (tx, notice, { steps, ids }) => {
  const rows = await tx('complaints')
    .where({ notice_id: notice.id })
    .orderBy('filed_at')
    .select<{ id: string; filed_at: Date; status: string; answered_at: Date | null }[]>(
      'id',
      'filed_at',
      'status',
      'answered_at',
    );
  const answer = /answer|upheld|dismiss/;
  for (const c of rows) {
    ids.push(c.id);
    const claims = on([notice.id, c.id], /complaint/);
    // Public, but never naming who complained.
    steps.push(step('complaint-filed', c.filed_at, true, {}, (e) => claims(e) && !answer.test(e.action)));
    if (c.answered_at) {
      const kind = `complaint-${c.status === 'upheld' ? 'upheld' : 'dismissed'}`;
      steps.push(step(kind, c.answered_at, true, {}, (e) => claims(e) && answer.test(e.action)));
    }
  }
};

/** In the order a tender goes through them (the timeline sorts by time afterwards). */
const GATHERERS: Gatherer[] = [
  planPublished,
  preSpecification,
  noticeItself,
  addenda,
  answeredQuestions,
  bidsReceived,
  opening,
  directContract,
  cancellation,
  evaluations,
  awards,
  complaints,
];

export async function tenderSteps(tx: Knex.Transaction, notice: TimelineNotice, at: Date): Promise<Gathered> {
  const found: Gathered = { steps: [], ids: [notice.id] };
  for (const gather of GATHERERS) await gather(tx, notice, found, at);
  return found;
}
