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

export async function tenderSteps(tx: Knex.Transaction, notice: TimelineNotice, at: Date): Promise<Gathered> {
  const steps: Step[] = [];
  const ids: string[] = [notice.id];
  const onNotice = (...actions: (string | RegExp)[]) => on([notice.id], ...actions);

  if (notice.plan_entry_id) {
    ids.push(notice.plan_entry_id);
    const plan = await tx('plan_entries')
      .where({ id: notice.plan_entry_id })
      .first<{ published_at: Date | null } | undefined>('published_at');
    if (plan?.published_at) steps.push(step('plan-published', plan.published_at, true, {}, on(ids, 'plan.*')));
  }

  const prespec = await tx('pre_specifications')
    .where({ notice_id: notice.id })
    .first<{ id: string; opened_at: Date; closes_on: string } | undefined>(
      'id',
      'opened_at',
      tx.raw('closes_on::text as closes_on'),
    );
  if (prespec) {
    ids.push(prespec.id);
    const claims = [onNotice('pre-specification.opened'), on([prespec.id], 'pre-specification.*')];
    steps.push(
      step('pre-specification', prespec.opened_at, true, { closesOn: prespec.closes_on }, (e) =>
        claims.some((c) => c(e)),
      ),
    );
  }

  steps.push(step('notice-drafted', notice.created_at, false, {}, onNotice('notice.drafted', /^notice\.document/)));
  if (notice.published_at)
    steps.push(
      step(
        'notice-published',
        notice.published_at,
        true,
        { noticeNo: notice.notice_no ?? '' },
        onNotice('notice.published'),
      ),
    );

  const addenda = await tx('notice_addenda')
    .where({ notice_id: notice.id })
    .orderBy('number')
    .select<{ number: number; revision: number; issued_at: Date }[]>('number', 'revision', 'issued_at');
  for (const a of addenda)
    steps.push(
      step(
        'addendum',
        a.issued_at,
        true,
        { number: a.number },
        about('addendum', a.number, onNotice('notice.addendum-issued', 'notice.outage-extended')),
      ),
    );

  const answered = await tx('notice_questions')
    .where({ notice_id: notice.id })
    .whereNotNull('answered_at')
    .orderBy('answered_at')
    .select<{ id: string; answered_at: Date }[]>('id', 'answered_at');
  for (const q of answered)
    steps.push(
      step('question-answered', q.answered_at, true, {}, about('question', q.id, onNotice('notice.question-*'))),
    );

  const bids = await tx('bids')
    .where({ notice_id: notice.id })
    .select<{ id: string; status: string; lot: number; supplier_id: string }[]>('id', 'status', 'lot', 'supplier_id');
  ids.push(...bids.map((b) => b.id));
  // Never a count before the deadline, never who or how much before the opening.
  if (at >= notice.submission_deadline || notice.opened_at)
    steps.push(
      step(
        'bids-received',
        notice.submission_deadline,
        true,
        { count: bids.filter((b) => b.status === 'current').length },
        on(
          bids.map((b) => b.id),
          'bid.*',
        ),
      ),
    );

  const opening = await tx('tender_openings')
    .where({ notice_id: notice.id })
    .first<{ outcome: 'opened' | 'failed'; opened_at: Date } | undefined>('outcome', 'opened_at');
  if (opening)
    steps.push(
      step(
        opening.outcome === 'failed' ? 'tender-failed' : 'tender-opened',
        opening.opened_at,
        true,
        {},
        onNotice('tender.*', 'tender-key.*'),
      ),
    );

  const direct = await tx('direct_contract_decisions')
    .where({ notice_id: notice.id })
    .first<{ decided_at: Date } | undefined>('decided_at');
  if (direct)
    steps.push(step('direct-contract', direct.decided_at, true, {}, onNotice('notice.direct-contract-chosen')));

  if (notice.status === 'cancelled') {
    const cancelled = await tx('audit_entries')
      .where({ target_type: 'notice', target_id: notice.id, action: 'notice.cancelled' })
      .orderBy('seq', 'desc')
      .first<{ at: Date } | undefined>('at');
    if (cancelled) steps.push(step('notice-cancelled', cancelled.at, true, {}, onNotice('notice.cancelled')));
  }

  const evaluations = await tx('evaluation_results')
    .where({ notice_id: notice.id })
    .orderBy('round')
    .select<{ id: string; round: number; decided_at: Date }[]>('id', 'round', 'decided_at');
  ids.push(...evaluations.map((e) => e.id));
  const evaluationTargets = [notice.id, ...evaluations.map((e) => e.id)];
  for (const e of evaluations)
    steps.push(
      step('evaluation', e.decided_at, true, { round: e.round }, on(evaluationTargets, /evaluat|score|qualif|declar/)),
    );

  const awards = await tx('awards')
    .where({ notice_id: notice.id })
    .orderBy('published_at')
    .select<{ id: string; published_at: Date; final_at: Date | null; status: string }[]>(
      'id',
      'published_at',
      'final_at',
      'status',
    );
  const awardIds = awards.map((a) => a.id);
  ids.push(...awardIds);
  for (const a of awards) {
    const claims = on([notice.id, ...awardIds], /award/);
    steps.push(step('award-published', a.published_at, true, {}, (e) => claims(e) && !/final/.test(e.action)));
    if (a.final_at) steps.push(step('award-final', a.final_at, true, {}, (e) => claims(e) && /final/.test(e.action)));
  }

  const complaints = await tx('complaints')
    .where({ notice_id: notice.id })
    .orderBy('filed_at')
    .select<{ id: string; filed_at: Date; status: string; answered_at: Date | null }[]>(
      'id',
      'filed_at',
      'status',
      'answered_at',
    );
  for (const c of complaints) {
    ids.push(c.id);
    const claims = on([notice.id, c.id], /complaint/);
    const answer = /answer|upheld|dismiss/;
    // Public, but never naming who complained.
    steps.push(step('complaint-filed', c.filed_at, true, {}, (e) => claims(e) && !answer.test(e.action)));
    if (c.answered_at)
      steps.push(
        step(
          `complaint-${c.status === 'upheld' ? 'upheld' : 'dismissed'}`,
          c.answered_at,
          true,
          {},
          (e) => claims(e) && answer.test(e.action),
        ),
      );
  }
  return { steps, ids };
}
