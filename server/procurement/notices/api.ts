/** Bid notices as JSON: the public list and questions; officers draft, publish and cancel, and answer questions. */
import { answerAwaitingCheck, awaitingCheckResponse } from '../../approvals/awaiting-answer.js';
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { parsedQuery, validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { validFilter } from './filter.js';
import { publicView, searchNotices } from './public.js';
import { publicQuestions, questionsService } from './questions.js';
import {
  AnswerForm,
  CancelForm,
  Created,
  DraftedNotice,
  NoticeFilter,
  NoticeList,
  PublicNotice,
  QuestionForm,
  QuestionsAnswer,
  noticeDraftSchema,
} from './schema.js';
import { noticesService } from './service.js';
import { draftsService, readDraft } from './drafts.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { Request } from 'express';
import type { FieldDetail } from '../../http/errors.js';
import { requestMessages } from '../../http/messages.js';

const operation = operations('notices');

/** A draft as the tenant takes it: its languages, currency and time zone. */
const draftSchema = ({ config: c }: TenantHandle) =>
  noticeDraftSchema(c.locales.supported, c.locales.default, c.currency, c.timeZone);

/** A draft's warnings as the API answers them: field, stable code, message citing the rule. */
function warningsOf(req: Request, findings: FieldDetail[]) {
  const message = requestMessages(req);
  return findings.map((f) => ({ field: f.field, code: f.key, message: message(f.key, f.params) }));
}

type NoticeDeps = Pick<Deps, 'audit' | 'sealedBox' | 'relay' | 'mailer' | 'limits' | 'i18n' | 'publicUrl'>;

export function noticeApi(services: NoticeDeps): Router {
  return Router().use(noticeRoutes(services), questionRoutes(services));
}

/** The public list; officers draft, publish and cancel. */
function noticeRoutes(services: NoticeDeps): Router {
  const router = Router();
  const notices = noticesService(services);
  const drafts = draftsService(services);

  router.get(
    '/notices',
    operation({
      id: 'listNotices',
      summary: 'Published notices (q searches every language of the title; filters: status, category, page)',
      responses: {
        200: { description: 'Notices', schema: NoticeList },
        429: 'Too many requests from this address; see Retry-After',
      },
    }),
    publicRoute,
    services.limits.perAddress('public-search'),
    validFilter,
    async (req, res) => {
      const filter = parsedQuery(req, NoticeFilter);
      const found = await searchNotices(req.actor, { ...filter, lng: req.lng });
      res.json({ notices: found.notices.map((n) => publicView(req, n)), nextPage: found.nextPage });
    },
  );

  router.post(
    '/notices',
    operation({
      id: 'draftNotice',
      summary: "Draft a notice for the officer's agency",
      responses: {
        201: { description: 'Drafted, with what publication would refuse now', schema: DraftedNotice },
        422: 'Invalid: a deadline already past, an opening before the deadline, a field in the wrong form',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ body: draftSchema }),
    async (req, res) => {
      const id = await notices.createDraft(req.actor, req.body);
      const { findings } = await readDraft(req.actor, id);
      res.status(201).json({ id, statusDetails: 'draft', warnings: warningsOf(req, findings) });
    },
  );

  router.put(
    '/notices/:id',
    operation({
      id: 'updateDraftNotice',
      summary: "Replace a draft (an officer of the draft's agency; a published notice changes by addendum)",
      responses: {
        200: { description: 'Saved, with what publication would refuse now', schema: DraftedNotice },
        422: 'Invalid, or no longer a draft',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: draftSchema }),
    async (req, res) => {
      const findings = await drafts.update(req.actor, req.params.id, req.body);
      res.json({ id: req.params.id, statusDetails: 'draft', warnings: warningsOf(req, findings) });
    },
  );

  router.delete(
    '/notices/:id',
    operation({
      id: 'deleteDraftNotice',
      summary: 'Delete a draft and its documents',
      responses: { 204: 'Deleted', 422: 'No longer a draft, or on record (pre-specification disclosure, re-tender)' },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      await drafts.remove(req.actor, req.params.id);
      res.status(204).end();
    },
  );

  router.post(
    '/notices/:id/publish',
    operation({
      id: 'publishNotice',
      summary: "Publish a draft after checking the tenant's rules",
      responses: {
        200: { description: 'Published, with its number and the rule versions applied', schema: PublicNotice },
        202: awaitingCheckResponse,
        409: 'A change to the notice already waits for a second person',
        422: 'Refused: which rule, which field, by how much',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      const published = await notices.publish(req.actor, req.params.id);
      if (isAwaitingCheck(published)) answerAwaitingCheck(req, res, published);
      else res.json(publicView(req, published));
    },
  );

  router.post(
    '/notices/:id/cancel',
    operation({
      id: 'cancelNotice',
      summary: 'Cancel a notice, with a reason',
      responses: { 204: 'Cancelled', 202: awaitingCheckResponse, 409: 'A change to the notice already waits' },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: CancelForm }),
    async (req, res) => {
      const check = await notices.cancel(req.actor, req.params.id, req.body.reason);
      if (check) answerAwaitingCheck(req, res, check);
      else res.status(204).end();
    },
  );
  return router;
}

/** Questions: the public reads them, suppliers ask, officers answer. */
function questionRoutes(services: NoticeDeps): Router {
  const router = Router();
  const questions = questionsService(services);

  router.get(
    '/notices/:id/questions',
    operation({
      id: 'listNoticeQuestions',
      summary: 'Questions and answers of a notice (askers are not named)',
      responses: { 200: { description: 'Questions', schema: QuestionsAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      res.json({ questions: await publicQuestions(req.actor, req.params.id) });
    },
  );

  router.post(
    '/notices/:id/questions',
    operation({
      id: 'askNoticeQuestion',
      summary: 'Ask a clarification question (supplier users, before the deadline)',
      responses: { 201: { description: 'Asked', schema: Created }, 422: 'Closed or invalid' },
    }),
    requirePolicy('supplier:read-own'),
    validate({ params: IdParams, body: QuestionForm }),
    async (req, res) => {
      const id = await questions.ask(req.actor, req.params.id, req.body.question);
      res.status(201).json({ id });
    },
  );

  router.post(
    '/questions/:id/answer',
    operation({
      id: 'answerNoticeQuestion',
      summary: 'Answer a question; the answer is published to all',
      responses: { 204: 'Answered' },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: AnswerForm }),
    async (req, res) => {
      await questions.answer(req.actor, req.params.id, req.body.answer);
      res.status(204).end();
    },
  );

  return router;
}
