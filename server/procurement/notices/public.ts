/**
 * What the public reads of notices: the list (search in every tenant language) and one published
 * notice, and how a notice is shown to them (the estimated price only when not hidden).
 */
import type { Request } from 'express';
import { formatDateTime, formatMoney } from '../../i18n/format.js';
import type { Actor } from '../../identity/actor.js';
import { queryTerms } from '../../search/terms.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { NoticeNotFoundError } from './errors.js';
import type { NoticeRow } from './read.js';
import type { NoticeFilterInput } from './schema.js';
import { textIn } from '../../i18n/localized-fields.js';
import { formatDate } from '../../i18n/format.js';
import { calendarDay } from '../../project-review/records.js';

export const NOTICES_PER_PAGE = 20;

export interface NoticeSearch {
  notices: NoticeRow[];
  nextPage: number | null;
  previousPage: number | null;
}

/** One page of published notices, newest first; `q` matches the title in any of its languages. */
export async function searchNotices(actor: Actor, filter: NoticeFilterInput & { lng: string }): Promise<NoticeSearch> {
  const rows = await inTenant(actor.tenant, (tx) => {
    const q = tx<NoticeRow>('notices').whereNot('status', 'planning');
    if (filter.status) q.where('status', filter.status);
    if (filter.category) q.where('category', filter.category);
    const terms = filter.q ? queryTerms(filter.q, filter.lng) : [];
    if (terms.length > 0) q.whereRaw('search_terms @> ?::text[]', [terms]);
    return q
      .orderBy('published_at', 'desc')
      .limit(NOTICES_PER_PAGE + 1)
      .offset((filter.page - 1) * NOTICES_PER_PAGE);
  });
  return {
    notices: rows.slice(0, NOTICES_PER_PAGE),
    nextPage: rows.length > NOTICES_PER_PAGE ? filter.page + 1 : null,
    previousPage: filter.page > 1 ? filter.page - 1 : null,
  };
}

/** A notice once published (drafts are not found). */
export async function readPublicNotice(actor: Actor, id: string): Promise<NoticeRow> {
  const row = await inTenant(actor.tenant, (tx) =>
    tx<NoticeRow>('notices').where({ id }).whereNot('status', 'planning').first(),
  );
  if (!row) throw new NoticeNotFoundError();
  return row;
}

/** What the public may see of a notice: the estimated price only when not hidden. */
export function publicView(req: Request, n: NoticeRow) {
  const c = req.actor.tenant.config;
  return {
    id: n.id,
    noticeNo: n.notice_no,
    title: n.title,
    titleText: textIn(n.title, req.lng, c.locales.default),
    category: n.category,
    method: n.method,
    evaluationMethod: n.evaluation_method,
    status: n.status,
    statusDetails: n.status_details,
    estimatedPrice: n.estimated_price_hidden ? null : Number(n.estimated_price),
    estimatedPriceText: n.estimated_price_hidden
      ? null
      : formatMoney(n.estimated_price, c.currency, req.lng, c.numberingSystem),
    submissionDeadline: n.submission_deadline.toISOString(),
    deadlineText: formatDateTime(n.submission_deadline, req.lng, c.timeZone, c.numberingSystem),
    openingAt: n.opening_at.toISOString(),
    bidSecurityPercent: Number(n.bid_security_percent),
    appliedRules: n.applied_rules,
    cancellationReason: n.cancellation_reason,
    ...projectPeriod(req, n),
  };
}

/** The project period confirmed by the notice's project review (null without one). */
function projectPeriod(req: Request, n: NoticeRow) {
  const c = req.actor.tenant.config;
  const start = calendarDay(n.project_start);
  const end = calendarDay(n.project_end);
  const day = (d: string) => formatDate(d, req.lng, c.timeZone, c.numberingSystem);
  return {
    projectStart: start,
    projectEnd: end,
    projectPeriodText: start && end ? req.t('review:period', { start: day(start), end: day(end) }) : null,
  };
}
