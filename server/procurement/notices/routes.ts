/** Bid notices: the public list (search in every tenant language) and page, and the officers' API. */
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { formatDateTime, formatMoney } from '../../i18n/format.js';
import { auditContextOf } from '../../identity/passport.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { can, publicRoute, requirePolicy } from '../../identity/policy.js';
import { publicQuestions, questionsService } from './questions.js';
import { queryTerms } from '../../search/terms.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { CATEGORIES } from '../plans/schema.js';
import { awardView } from '../awards/view.js';
import { openingView } from '../opening/view.js';
import { noticeDraftSchema } from './schema.js';
import type { NoticeRow } from './read.js';
import { noticesService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;
const PAGE = 20;
const Question = z.object({ question: z.string().trim().min(5).max(4000) });
const Answer = z.object({ answer: z.string().trim().min(1).max(8000) });
const Filter = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['active', 'cancelled', 'unsuccessful', 'complete']).optional(),
  category: z.enum(CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});

function publicNotices(tx: Knex.Transaction, filter: z.infer<typeof Filter>, lng: string) {
  const q = tx<NoticeRow>('notices').whereNot('status', 'planning');
  if (filter.status) q.where('status', filter.status);
  if (filter.category) q.where('category', filter.category);
  const terms = filter.q ? queryTerms(filter.q, lng) : [];
  if (terms.length > 0) q.whereRaw('search_terms @> ?::text[]', [terms]);
  return q
    .orderBy('published_at', 'desc')
    .limit(PAGE + 1)
    .offset((filter.page - 1) * PAGE);
}

/** What the public may see of a notice: the estimated price only when not hidden. */
function publicView(req: Request, n: NoticeRow) {
  const c = req.tenant!.config;
  return {
    id: n.id,
    noticeNo: n.notice_no,
    title: n.title,
    titleText: n.title[req.lng] ?? n.title[c.locales.default] ?? Object.values(n.title)[0] ?? '',
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
  };
}

export function noticePages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const questions = questionsService(services);
  router.get('/notices', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const parsed = Filter.safeParse(req.query);
    const filter = parsed.success ? parsed.data : { page: 1 };
    const rows = await inTenant(req.tenant!, (tx) => publicNotices(tx, filter, req.lng));
    res.render('notices/list', {
      title: req.t('notices:title'),
      q: filter.q ?? '',
      notices: rows.slice(0, PAGE).map((n) => publicView(req, n)),
      next: rows.length > PAGE ? filter.page + 1 : undefined,
      previous: filter.page > 1 ? filter.page - 1 : undefined,
    });
  });
  router.get('/notices/:id', publicRoute, csrf.token, async (req, res) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id)
      ? await inTenant(req.tenant!, (tx) =>
          tx<NoticeRow>('notices').where({ id }).whereNot('status', 'planning').first(),
        )
      : undefined;
    if (!row) throw new NotFoundError('notice_not_found', 'notices:not_found');
    res.render('notices/show', {
      title: req.t('notices:notice_title'),
      notice: publicView(req, row),
      statusLabel: req.t(`notices:status_${row.status}`),
      questions: await publicQuestions(req.tenant!, row.id),
      canAsk: row.status === 'active' && can(req.user, 'supplier:read-own'),
      canAnswer: can(req.user, 'notices:manage', row.agency_id),
      ...(await openingView(req, row)),
      ...(await awardView(req, row)),
    });
  });

  router.post('/notices/:id/questions', requirePolicy('supplier:read-own'), csrf.protect, async (req, res) => {
    const { question } = parseInput(Question, req.body ?? {});
    await questions.ask(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), question);
    res.redirect(303, `${req.baseUrl}/notices/${String(req.params.id)}`);
  });

  router.post('/questions/:id/answer', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const { answer, noticeId } = parseInput(Answer.extend({ noticeId: z.uuid() }), req.body ?? {});
    await questions.answer(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), answer);
    res.redirect(303, `${req.baseUrl}/notices/${noticeId}`);
  });
  return router;
}

export function noticeApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const notices = noticesService(services);
  const draftSchema = (req: Request) => {
    const c = req.tenant!.config;
    return noticeDraftSchema(c.locales.supported, c.locales.default, c.currency, c.timeZone);
  };

  doc.add({
    method: 'get',
    path: '/notices',
    tag: 'notices',
    summary: 'Published notices (q searches every language of the title; filters: status, category, page)',
    authenticated: false,
    responses: {
      '200': { description: 'Notices' },
      '429': { description: 'Too many requests from this address; see Retry-After' },
    },
  });
  router.get('/notices', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const filter = parseInput(Filter, req.query);
    const rows = await inTenant(req.tenant!, (tx) => publicNotices(tx, filter, req.lng));
    res.json({
      notices: rows.slice(0, PAGE).map((n) => publicView(req, n)),
      nextPage: rows.length > PAGE ? filter.page + 1 : null,
    });
  });

  doc.add({
    method: 'post',
    path: '/notices',
    tag: 'notices',
    summary: "Draft a notice for the officer's agency",
    authenticated: true,
    responses: { '201': { description: 'Drafted' }, '422': { description: 'Invalid input, field by field' } },
  });
  router.post('/notices', requirePolicy('notices:manage'), async (req, res) => {
    const id = await notices.createDraft(
      req.tenant!,
      req.user!,
      auditContextOf(req),
      parseInput(draftSchema(req), req.body ?? {}),
    );
    res.status(201).json({ id, statusDetails: 'draft' });
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/publish',
    tag: 'notices',
    summary: "Publish a draft after checking the tenant's rules",
    authenticated: true,
    responses: {
      '200': { description: 'Published, with its number and the rule versions applied' },
      '422': { description: 'Refused: which rule, which field, by how much' },
    },
  });
  router.post('/notices/:id/publish', requirePolicy('notices:manage'), async (req, res) => {
    const published = await notices.publish(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.json(publicView(req, published));
  });

  doc.add({
    method: 'get',
    path: '/notices/{id}/questions',
    tag: 'notices',
    summary: 'Questions and answers of a notice (askers are not named)',
    authenticated: false,
    responses: { '200': { description: 'Questions' } },
  });
  router.get('/notices/:id/questions', publicRoute, async (req, res) => {
    const id = String(req.params.id);
    res.json({ questions: /^[0-9a-f-]{36}$/.test(id) ? await publicQuestions(req.tenant!, id) : [] });
  });
  doc.add({
    method: 'post',
    path: '/notices/{id}/questions',
    tag: 'notices',
    summary: 'Ask a clarification question (supplier users, before the deadline)',
    authenticated: true,
    body: Question,
    responses: { '201': { description: 'Asked' }, '422': { description: 'Closed or invalid' } },
  });
  router.post('/notices/:id/questions', requirePolicy('supplier:read-own'), async (req, res) => {
    const { question } = parseInput(Question, req.body ?? {});
    const id = await questionsService(services).ask(
      req.tenant!,
      req.user!,
      auditContextOf(req),
      String(req.params.id),
      question,
    );
    res.status(201).json({ id });
  });
  doc.add({
    method: 'post',
    path: '/questions/{id}/answer',
    tag: 'notices',
    summary: 'Answer a question; the answer is published to all',
    authenticated: true,
    body: Answer,
    responses: { '204': { description: 'Answered' } },
  });
  router.post('/questions/:id/answer', requirePolicy('notices:manage'), async (req, res) => {
    const { answer } = parseInput(Answer, req.body ?? {});
    await questionsService(services).answer(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), answer);
    res.status(204).end();
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/cancel',
    tag: 'notices',
    summary: 'Cancel a notice, with a reason',
    authenticated: true,
    responses: { '204': { description: 'Cancelled' } },
  });
  router.post('/notices/:id/cancel', requirePolicy('notices:manage'), async (req, res) => {
    const { reason } = parseInput(z.object({ reason: z.string().trim().min(1).max(2000) }), req.body ?? {});
    await notices.cancel(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reason);
    res.status(204).end();
  });
  return router;
}
