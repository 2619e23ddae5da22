/**
 * The public page of a notice, in one place: the notice with its agency and contact person, its
 * documents and addenda, its questions, and where the page shows them the opening and the award
 * (their features' views). Its data is read in one statement (page-read.ts); only an awarded
 * notice reads more, the award's details. Nothing else adds to the page's data.
 */
import type { Request } from 'express';
import { formatDateTime, formatNumber, relativeTime, timeZoneName } from '../../i18n/format.js';
import { can } from '../../identity/policy.js';
import { awardView } from '../awards/view.js';
import { openingView } from '../opening/view.js';
import { addendaBlock } from './addenda-view.js';
import { readNoticePage, type NoticePageData } from './page-read.js';
import { publicView } from './public.js';
import type { NoticeRow } from './read.js';

/** The notice's facts in the reader's language: who buys, how, what, and when. */
function facts(req: Request, data: NoticePageData) {
  const { notice: n, agencyName, contact, opening } = data;
  const c = req.actor.tenant.config;
  const local = (text: Record<string, string | undefined>) =>
    text[req.lng] ?? text[c.locales.default] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
  const when = (at: Date) => formatDateTime(at, req.lng, c.timeZone, c.numberingSystem);
  const remaining = (at: Date) => relativeTime(at, opening.at, req.lng, c.numberingSystem);
  const deadlinePassed = n.submission_deadline <= opening.at;
  return {
    agency: local(agencyName),
    contact,
    methodLabel: req.t(`plans:method_${n.method}`),
    categoryLabel: req.t(`suppliers:category_${n.category}`),
    competitionLabel: req.t(`notices:${n.competition}`),
    evaluationLabel:
      n.evaluation_method === 'lowest-price' ? req.t('notices:lowest_price') : req.t('plans:method_negotiated'),
    lots: n.lots.map((lot) => ({
      label: req.t('notices:lot_label', { number: formatNumber(lot.no, req.lng, c.numberingSystem) }),
      title: lot.title ?? '',
    })),
    publishedAt: n.published_at?.toISOString() ?? null,
    publishedText: n.published_at ? when(n.published_at) : null,
    deadlineRemaining: deadlinePassed
      ? req.t('notices:deadline_passed_ago', { ago: remaining(n.submission_deadline) })
      : req.t('notices:time_left', { left: remaining(n.submission_deadline) }),
    deadlinePassed,
    openingAtText: when(n.opening_at),
    openingRemaining: n.opened_at ? null : remaining(n.opening_at),
    bidSecurityText: req.t('notices:bid_security_percent', {
      percent: formatNumber(Number(n.bid_security_percent), req.lng, c.numberingSystem),
    }),
    timeZoneText: timeZoneName(c.timeZone, req.lng) ?? c.timeZone,
  };
}

/** The award's part of the page, read only once an award exists. */
async function awardPart(req: Request, notice: NoticeRow, data: NoticePageData) {
  return data.awarded ? awardView(req, notice, data.opening.at) : { award: null };
}

export async function noticePageModel(req: Request, noticeId: string) {
  const data = await readNoticePage(req.actor, noticeId);
  const row = data.notice;
  return {
    title: req.t('notices:notice_title'),
    notice: publicView(req, row),
    facts: facts(req, data),
    statusLabel: req.t(`notices:status_${row.status}`),
    addendaBlock: addendaBlock(req, row, data),
    questions: data.questions,
    canAsk: row.status === 'active' && can(req.user, 'supplier:read-own'),
    canAnswer: can(req.user, 'notices:manage', row.agency_id),
    reviewPending: data.reviewPending,
    // The ICT project review's record is public once the notice has an award.
    reviewLink: !!row.project_start && (data.awarded || can(req.user, 'notices:manage', row.agency_id)),
    ...openingView(req, row, data.opening),
    ...(await awardPart(req, row, data)),
  };
}

/** What the print layout adds: when it was printed (the tenant's time) and where it came from. */
export function printLocals(req: Request) {
  const c = req.actor.tenant.config;
  const format = req.res?.locals.format as { now?: string } | undefined;
  const at = format?.now ? new Date(format.now) : new Date();
  return {
    layout: 'print',
    printing: true,
    printedText: formatDateTime(at, req.lng, c.timeZone, c.numberingSystem),
    sourceUrl: `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl.replace(/\/print(\?.*)?$/, '')}`,
  };
}
