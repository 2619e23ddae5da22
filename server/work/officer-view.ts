/**
 * The officer's section as shown: notices by stage, the deadlines and openings of the coming
 * week, the unanswered questions, and the tasks that follow an opening (evaluation, award,
 * contract, deliveries, invoices), each with the page where it is done.
 */
import { isolate, type ViewRequest, type WorkFormats } from './formats.js';
import { STAGES, type AgencyNotice, type OfficerWork } from './officer-read.js';

const WEEK_MS = 7 * 86_400_000;

export interface Task {
  text: string;
  href: string;
  action: string;
}

function noticeHref(req: ViewRequest, n: AgencyNotice): string {
  if (n.stage === 'draft') return `${req.baseUrl}/notices-desk`;
  if (n.stage === 'evaluation' || n.stage === 'award') return `${req.baseUrl}/notices/${n.id}/evaluation`;
  return `${req.baseUrl}/notices/${n.id}`;
}

/** The date that matters next at a notice's stage, written out. */
function keyDate(req: ViewRequest, f: WorkFormats, n: AgencyNotice): string {
  if (n.stage === 'bidding')
    return req.t('work:closes', { time: f.time(n.submissionDeadline), relative: f.relative(n.submissionDeadline) });
  if (n.stage === 'opening')
    return req.t('work:opens', { time: f.time(n.openingAt), relative: f.relative(n.openingAt) });
  if (n.stage === 'evaluation' && n.openedAt) return req.t('work:opened_at', { time: f.time(n.openedAt) });
  if (n.award?.status === 'standstill')
    return req.t('work:standstill_until', { time: f.time(n.award.standstillEndsAt) });
  return '';
}

/** What a notice waits for from its agency after the opening, if anything. */
function noticeTask(req: ViewRequest, f: WorkFormats, n: AgencyNotice, now: Date): Task | undefined {
  const notice = isolate(`${n.noticeNo ?? ''} ${f.title(n.title)}`.trim());
  const evaluation = `${req.baseUrl}/notices/${n.id}/evaluation`;
  if (n.stage === 'evaluation' && n.result !== 'final') {
    const key = n.evaluationMethod === 'negotiated' ? 'work:task_score' : 'work:task_review';
    return { text: req.t(key, { notice }), href: evaluation, action: req.t('work:go_evaluation') };
  }
  if (n.stage === 'evaluation' && n.hasWinner)
    return { text: req.t('work:task_award', { notice }), href: evaluation, action: req.t('work:go_evaluation') };
  if (n.award?.status === 'standstill' && n.award.standstillEndsAt <= now)
    return {
      text: req.t('work:task_award_final', { notice, time: f.time(n.award.standstillEndsAt) }),
      href: evaluation,
      action: req.t('work:go_evaluation'),
    };
  if (n.award?.status === 'final' && !n.contract)
    return {
      text: req.t('work:task_contract', { notice }),
      href: `${req.baseUrl}/contracts/new?award=${n.award.id}`,
      action: req.t('work:go_contract_new'),
    };
  return undefined;
}

function contractTasks(req: ViewRequest, f: WorkFormats, work: OfficerWork): Task[] {
  return work.contracts.flatMap((c) => {
    const contract = isolate(`${c.contractNo} ${f.title(c.title)}`);
    const tasks: Task[] = [];
    if (c.status === 'awaiting-signatures')
      tasks.push({
        text: req.t('work:task_sign', { contract }),
        href: `${req.baseUrl}/contracts/${c.id}`,
        action: req.t('work:go_contract'),
      });
    if (c.toInspect > 0)
      tasks.push({
        text: req.t('work:task_inspect', { contract, n: f.number(c.toInspect) }),
        href: `${req.baseUrl}/contracts/${c.id}/deliveries`,
        action: req.t('work:go_deliveries'),
      });
    for (const [n, key] of [
      [c.toApprove, 'work:task_approve'],
      [c.toPay, 'work:task_pay'],
    ] as const)
      if (n > 0)
        tasks.push({
          text: req.t(key, { contract, n: f.number(n) }),
          href: `${req.baseUrl}/contracts/${c.id}/invoices`,
          action: req.t('work:go_invoices'),
        });
    return tasks;
  });
}

/** Bid deadlines and openings from now to a week ahead, soonest first. */
function comingWeek(req: ViewRequest, f: WorkFormats, notices: AgencyNotice[], now: Date) {
  const end = now.getTime() + WEEK_MS;
  const within = (at: Date) => at.getTime() >= now.getTime() && at.getTime() <= end;
  const events = notices.flatMap((n) => {
    if (n.status !== 'active' || n.openedAt) return [];
    const base = { noticeNo: n.noticeNo, titleText: f.title(n.title), href: `${req.baseUrl}/notices/${n.id}` };
    return [
      ...(within(n.submissionDeadline) ? [{ ...base, at: n.submissionDeadline, kind: 'work:event_deadline' }] : []),
      ...(within(n.openingAt) ? [{ ...base, at: n.openingAt, kind: 'work:event_opening' }] : []),
    ];
  });
  return events
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map(({ at, kind, ...e }) => ({ ...e, kindLabel: req.t(kind), timeText: f.time(at), relative: f.relative(at) }));
}

export function officerModel(req: ViewRequest, f: WorkFormats, work: OfficerWork, now: Date) {
  // By stage, then the soonest bid deadline first.
  const order = (n: AgencyNotice) => STAGES.indexOf(n.stage);
  const live = work.notices
    .filter((n) => n.stage !== 'ended')
    .sort((a, b) => order(a) - order(b) || a.submissionDeadline.getTime() - b.submissionDeadline.getTime());
  return {
    stages: STAGES.map((stage) => ({
      label: req.t(`work:stage_${stage}`),
      count: f.number(work.notices.filter((n) => n.stage === stage).length),
    })),
    notices: live.map((n) => ({
      noticeNo: n.noticeNo,
      titleText: f.title(n.title),
      stageLabel: req.t(`work:stage_${n.stage}`),
      keyDate: keyDate(req, f, n),
      href: noticeHref(req, n),
    })),
    truncated: work.truncated,
    week: comingWeek(req, f, work.notices, now),
    questions: work.questions.map((q) => ({
      noticeNo: q.noticeNo,
      titleText: f.title(q.title),
      question: q.question,
      askedText: f.time(q.askedAt),
      href: `${req.baseUrl}/notices/${q.noticeId}#answer-${q.id}`,
    })),
    questionsWaiting: f.number(work.questionsWaiting),
    moreQuestions: work.questionsWaiting > work.questions.length,
    tasks: [...live.flatMap((n) => noticeTask(req, f, n, now) ?? []), ...contractTasks(req, f, work)],
  };
}
