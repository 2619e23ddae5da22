/**
 * What briefing pages show: times in the tenant's zone and the reader's language, states and the
 * rule as words, companies by their name in the reader's language; and the API's view (ISO times).
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { formatDateTime, timeZoneName } from '../i18n/format.js';
import { textIn } from '../i18n/localized-fields.js';
import { can } from '../identity/policy.js';
import type { BriefingPage, BriefingSubject, Company, ListedBriefing } from './read.js';
import { readBriefingPage } from './read.js';

type ViewRequest = Pick<Request, 't' | 'lng' | 'actor' | 'user' | 'baseUrl'>;

function localOf(req: ViewRequest) {
  const c = req.actor.tenant.config;
  return {
    when: (d: Date) => formatDateTime(d, req.lng, c.timeZone, c.numberingSystem),
    text: (texts: Record<string, string>) => textIn(texts, req.lng, c.locales.default),
    zone: timeZoneName(c.timeZone, req.lng) ?? c.timeZone,
  };
}

export function briefingSummary(req: ViewRequest, b: ListedBriefing) {
  const l = localOf(req);
  return {
    id: b.id,
    title: b.title,
    startsAt: b.starts_at.toISOString(),
    startsText: l.when(b.starts_at),
    deadlineText: l.when(b.registration_deadline),
    joinUrl: b.join_url,
    place: b.place,
    cancelled: b.status === 'cancelled',
    cancelReason: b.cancel_reason,
    statusLabel: req.t(`briefings:status_${b.status}`),
    mandatoryRule: b.mandatory_rule,
    registeredText: req.t('briefings:registered_count', { count: b.registered }),
  };
}

function subjectView(req: ViewRequest, s: BriefingSubject) {
  const l = localOf(req);
  return {
    titleText: l.text(s.title),
    noticeNo: s.noticeNo,
    categoryLabel: req.t(`suppliers:category_${s.category}`),
    href: s.kind === 'notice' ? `${req.baseUrl}/notices/${s.id}` : `${req.baseUrl}/plans`,
    kindLabel: req.t(s.kind === 'notice' ? 'briefings:on_notice' : 'briefings:on_plan'),
  };
}

const companyView = (req: ViewRequest) => (c: Company) => ({
  supplierId: c.supplierId,
  name: localOf(req).text(c.name),
  registrationNo: c.registrationNo,
  attended: c.attended,
});

export function briefingPageModel(req: ViewRequest, data: BriefingPage, refusal?: FormRefusal) {
  const { briefing: b, at } = data;
  const l = localOf(req);
  const scheduled = b.status === 'scheduled';
  const officer = can(req.user, 'notices:manage', b.agency_id);
  const mine = data.mine;
  return {
    title: req.t('briefings:page_title'),
    briefing: briefingSummary(req, b),
    subject: subjectView(req, data.subject),
    timeZoneText: l.zone,
    questions: data.questions.map((q) => ({
      id: q.id,
      question: q.question,
      answer: q.answer,
      askedText: l.when(q.asked_at),
      answeredText: q.answered_at ? l.when(q.answered_at) : null,
    })),
    attendance: data.attendance?.map(companyView(req)) ?? null,
    registrations: data.registrations?.map(companyView(req)) ?? null,
    registered: mine?.registered ?? false,
    canRegister: !!mine && !mine.registered && scheduled && at <= b.registration_deadline,
    canAsk: !!mine?.registered && scheduled && at < b.starts_at,
    canManage: officer && scheduled,
    canAnswer: officer,
    canRecord: officer && scheduled && at >= b.starts_at,
    timeZone: req.actor.tenant.config.timeZone,
    form: refusal?.form,
    values: refusal?.values ?? {},
    errors: refusal?.errors ?? {},
    error: refusal ? (refusal.errors['(body)'] ?? refusal.error) : undefined,
  };
}

/** The briefing's page, again with a refusal's messages when a form on it was refused. */
export async function briefingPage(req: Request, res: Response, refusal?: FormRefusal) {
  const data = await readBriefingPage(req.actor, String(req.params.id));
  res.render('briefings/show', briefingPageModel(req, data, refusal));
}

export function briefingListModel(req: ViewRequest, rows: ListedBriefing[]) {
  return { title: req.t('briefings:list_title'), briefings: rows.map((b) => briefingSummary(req, b)) };
}

export function scheduleFormModel(
  req: ViewRequest,
  subject: (BriefingSubject & { agencyId: string }) | undefined,
  refusal?: FormRefusal,
) {
  return {
    title: req.t('briefings:new_title'),
    subject: subject ? subjectView(req, subject) : null,
    noticeId: subject?.kind === 'notice' ? subject.id : '',
    planEntryId: subject?.kind === 'plan' ? subject.id : '',
    timeZoneText: localOf(req).zone,
    values: refusal?.values ?? {},
    errors: refusal?.errors ?? {},
    error: refusal ? (refusal.errors['(body)'] ?? refusal.error) : undefined,
  };
}

/** A briefing as the API shows it. */
export function apiBriefing(b: ListedBriefing) {
  return {
    id: b.id,
    noticeId: b.notice_id,
    planEntryId: b.plan_entry_id,
    title: b.title,
    startsAt: b.starts_at.toISOString(),
    registrationDeadline: b.registration_deadline.toISOString(),
    joinUrl: b.join_url,
    place: b.place,
    status: b.status,
    cancelReason: b.cancel_reason,
    mandatoryRule: b.mandatory_rule,
    registered: b.registered,
  };
}

export function apiBriefingDetail(data: BriefingPage, lng: string, fallback: string) {
  return {
    ...apiBriefing(data.briefing),
    questions: data.questions
      .filter((q) => q.answer !== null)
      .map((q) => ({
        id: q.id,
        question: q.question,
        answer: q.answer,
        askedAt: q.asked_at.toISOString(),
        answeredAt: q.answered_at?.toISOString() ?? null,
      })),
    attendance:
      data.attendance?.map((c) => ({ name: textIn(c.name, lng, fallback), registrationNo: c.registrationNo })) ?? null,
    myRegistration: data.mine,
  };
}
