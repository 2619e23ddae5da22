/**
 * What review pages and the API show: days in the reader's language, states as words, the
 * committee by name; the officer also reads the blocked seats with the companies they matched.
 */
import type { Request, Response } from 'express';
import { companiesText } from '../conflicts/seat-check.js';
import type { FormRefusal } from '../http/forms.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { textIn } from '../i18n/localized-fields.js';
import { readReview, type ReviewPage } from './read.js';
import { CLOSED_STATUSES, isDecided } from './records.js';

type ViewRequest = Pick<Request, 't' | 'lng' | 'actor' | 'user' | 'baseUrl'>;

function roundView(req: ViewRequest, data: ReviewPage) {
  const c = req.actor.tenant.config;
  const day = (d: string) => formatDate(d, req.lng, c.timeZone, c.numberingSystem);
  const period = (start: string | null, end: string | null) =>
    start && end ? req.t('review:period', { start: day(start), end: day(end) }) : null;
  return (r: ReviewPage['rounds'][number]) => ({
    heading: req.t(r.kind === 'initial' ? 'review:round_initial' : 'review:round_change', {
      number: formatNumber(r.round, req.lng, c.numberingSystem),
    }),
    statusLabel: req.t(`review:status_${r.status}`),
    pending: r.status === 'submitted',
    requirements: r.requirements,
    scope: r.scope,
    proposedText: period(r.proposed_start, r.proposed_end),
    submittedText: formatDateTime(r.submitted_at, req.lng, c.timeZone, c.numberingSystem),
    confirmedRequirements: r.confirmed_requirements,
    confirmedScope: r.confirmed_scope,
    confirmedText: period(r.confirmed_start, r.confirmed_end),
    reasons: r.decision_reasons,
    decidedText: r.decided_at
      ? req.t('review:decided_by', {
          name: r.decidedByName ?? '',
          date: formatDateTime(r.decided_at, req.lng, c.timeZone, c.numberingSystem),
        })
      : null,
    rule: r.rule,
    members: r.members.map((m) => ({
      name: m.name,
      statusLabel: req.t(`review:member_${m.status}`),
      blockedText:
        data.officer && m.conflicts?.length
          ? req.t('review:seat_blocked_notice', { member: m.name, companies: companiesText(m.conflicts, req.lng) })
          : null,
    })),
  });
}

export function reviewPageModel(req: ViewRequest, data: ReviewPage, refusal?: FormRefusal) {
  const c = req.actor.tenant.config;
  const { notice, rounds } = data;
  const last = rounds.at(-1);
  const decided = [...rounds].reverse().find(isDecided);
  const pending = last?.status === 'submitted' ? last : undefined;
  const draft = notice.status === 'planning';
  const canSubmit =
    data.officer && !!data.rule && !pending && !CLOSED_STATUSES.includes(notice.status) && (draft || !!decided);
  const submitDefaults = decided
    ? {
        requirements: decided.confirmed_requirements,
        scope: decided.confirmed_scope,
        proposedStart: decided.confirmed_start,
        proposedEnd: decided.confirmed_end,
      }
    : {};
  const decisionDefaults = pending
    ? {
        requirements: pending.requirements,
        scope: pending.scope,
        projectStart: pending.proposed_start,
        projectEnd: pending.proposed_end,
      }
    : {};
  const values = refusal?.values ?? {};
  return {
    title: req.t('review:page_title'),
    noticeId: notice.id,
    noticeNo: notice.notice_no,
    noticeTitle: textIn(notice.title, req.lng, c.locales.default),
    noticeHref: draft ? `${req.baseUrl}/notices-desk/${notice.id}` : `${req.baseUrl}/notices/${notice.id}`,
    categoryLabel: req.t(`suppliers:category_${notice.category}`),
    rule: data.rule,
    notRequired: !data.rule && rounds.length === 0,
    stateText: !last
      ? req.t('review:state_none')
      : pending
        ? req.t('review:state_pending')
        : req.t('review:state_complete'),
    rounds: rounds.map(roundView(req, data)).reverse(),
    canSubmit,
    changeRound: canSubmit && !!decided,
    canSeat: data.officer && !!pending,
    canDeclare: data.mySeat?.status === 'seated',
    canDecide: data.mySeat?.status === 'declared',
    submitValues: refusal?.form === 'submit' ? values : submitDefaults,
    seatValues: refusal?.form === 'seat' ? values : {},
    decisionValues: refusal?.form === 'decide' ? values : decisionDefaults,
    form: refusal?.form,
    errors: refusal?.errors ?? {},
    error: refusal ? (refusal.errors['(body)'] ?? refusal.error) : undefined,
  };
}

/** The review page, again with a refusal's messages when one of its forms was refused. */
export async function reviewPage(req: Request, res: Response, refusal?: FormRefusal) {
  const data = await readReview(req.actor, String(req.params.id));
  res.render('project-review/show', reviewPageModel(req, data, refusal));
}

/** The API's record: days as YYYY-MM-DD, instants as ISO 8601; no declarations' details. */
export function apiReview(data: ReviewPage) {
  const last = data.rounds.at(-1);
  const decided = [...data.rounds].reverse().find(isDecided);
  return {
    noticeId: data.notice.id,
    complete: !!last && isDecided(last),
    pending: last?.status === 'submitted',
    projectStart: decided?.confirmed_start ?? null,
    projectEnd: decided?.confirmed_end ?? null,
    requirements: decided?.confirmed_requirements ?? null,
    rounds: data.rounds.map((r) => ({
      round: r.round,
      kind: r.kind,
      rule: r.rule,
      status: r.status,
      requirements: r.requirements,
      scope: r.scope,
      proposedStart: r.proposed_start,
      proposedEnd: r.proposed_end,
      confirmedRequirements: r.confirmed_requirements,
      confirmedScope: r.confirmed_scope,
      confirmedStart: r.confirmed_start,
      confirmedEnd: r.confirmed_end,
      reasons: r.decision_reasons,
      decidedBy: r.decidedByName,
      submittedAt: r.submitted_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      committee: r.members.map((m) => ({ name: m.name, status: m.status })),
    })),
  };
}
