/**
 * Briefings as JSON: the public list and one briefing (answered questions without askers, the
 * attendance list once recorded); scheduling, moving, cancelling, answering and recording
 * attendance for the officers of the agency; registering and asking for supplier users.
 */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { operations } from '../http/operation.js';
import { IdParams } from '../http/params.js';
import { parsedQuery, validate } from '../http/validate.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import { textIn } from '../i18n/localized-fields.js';
import { listBriefings, readBriefingPage, readRegistrations } from './read.js';
import {
  AnswerForm,
  AttendanceForm,
  BriefingDetail,
  BriefingFilter,
  BriefingList,
  CancelForm,
  Created,
  MoveFields,
  QuestionForm,
  QuestionParams,
  Registrations,
  ScheduleFields,
} from './schema.js';
import { briefingsService } from './service.js';
import { apiBriefing, apiBriefingDetail } from './view.js';

const operation = operations('briefings');

export function briefingApi(services: Pick<Deps, 'audit' | 'mailer'>): Router {
  const router = Router();
  const briefings = briefingsService(services);
  const officer = requirePolicy('notices:manage');
  const supplier = requirePolicy('supplier:read-own');
  const noContent = { 204: 'Done' };

  router.get(
    '/briefings',
    operation({
      id: 'listBriefings',
      summary:
        "Briefing sessions of a notice (?notice=) or a plan entry (?plan=), or those to come and the last month's",
      responses: { 200: { description: 'Briefings', schema: BriefingList } },
    }),
    publicRoute,
    validate({ query: BriefingFilter }),
    async (req, res) => {
      const rows = await listBriefings(req.actor, parsedQuery(req, BriefingFilter));
      res.json({ briefings: rows.map(apiBriefing) });
    },
  );

  router.get(
    '/briefings/:id',
    operation({
      id: 'getBriefing',
      summary: 'One briefing: its answered questions (askers hidden), and the attendance list once recorded',
      responses: { 200: { description: 'The briefing', schema: BriefingDetail } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      const data = await readBriefingPage(req.actor, req.params.id);
      res.json(apiBriefingDetail(data, req.lng, req.actor.tenant.config.locales.default));
    },
  );

  router.post(
    '/briefings',
    operation({
      id: 'scheduleBriefing',
      summary:
        'Schedule a briefing on an open notice (noticeId) or a published plan entry (planEntryId) of your agency: ' +
        "title, startsAt and registrationDeadline (the tenant's local time or ISO with offset), joinUrl (https) and/or place; " +
        "the tenant's briefing-attendance rule may make it mandatory for bidding",
      responses: {
        201: { description: 'Scheduled', schema: Created },
        409: 'The notice is not open, or the plan entry not published',
      },
    }),
    officer,
    validate({ body: ScheduleFields }),
    async (req, res) => {
      res.status(201).json({ id: await briefings.schedule(req.actor, req.body) });
    },
  );

  router.post(
    '/briefings/:id/move',
    operation({
      id: 'moveBriefing',
      summary: 'Move a briefing to a new time; the registered companies are told by e-mail',
      responses: { ...noContent, 409: 'The briefing is cancelled' },
    }),
    officer,
    validate({ params: IdParams, body: MoveFields }),
    async (req, res) => {
      await briefings.move(req.actor, req.params.id, req.body);
      res.status(204).end();
    },
  );

  router.post(
    '/briefings/:id/cancel',
    operation({
      id: 'cancelBriefing',
      summary: 'Cancel a briefing with a reason; the registered companies are told by e-mail',
      responses: { ...noContent, 409: 'Already cancelled or already held' },
    }),
    officer,
    validate({ params: IdParams, body: CancelForm }),
    async (req, res) => {
      await briefings.cancel(req.actor, req.params.id, req.body.reason);
      res.status(204).end();
    },
  );

  router.post(
    '/briefings/:id/registration',
    operation({
      id: 'registerForBriefing',
      summary: 'Register your company for a briefing (once per company), until the registration deadline',
      responses: { ...noContent, 409: 'Already registered, registration closed, or the briefing cancelled' },
    }),
    supplier,
    validate({ params: IdParams }),
    async (req, res) => {
      await briefings.register(req.actor, req.params.id);
      res.status(204).end();
    },
  );

  router.post(
    '/briefings/:id/questions',
    operation({
      id: 'askBriefingQuestion',
      summary:
        "A registered company's question, sent before the briefing; its answer is published to all, without the asker",
      responses: { 201: { description: 'Sent', schema: Created } },
    }),
    supplier,
    validate({ params: IdParams, body: QuestionForm }),
    async (req, res) => {
      res.status(201).json({ id: await briefings.ask(req.actor, req.params.id, req.body.question) });
    },
  );

  router.post(
    '/briefings/:id/questions/:questionId/answer',
    operation({
      id: 'answerBriefingQuestion',
      summary: 'Publish the answer to a question sent in advance',
      responses: noContent,
    }),
    officer,
    validate({ params: QuestionParams, body: AnswerForm }),
    async (req, res) => {
      await briefings.answer(req.actor, req.params.id, req.params.questionId, req.body.answer);
      res.status(204).end();
    },
  );

  router.get(
    '/briefings/:id/registrations',
    operation({
      id: 'listBriefingRegistrations',
      summary: 'The registered companies, with attendance (officers of the agency)',
      responses: { 200: { description: 'Registrations', schema: Registrations } },
    }),
    officer,
    validate({ params: IdParams }),
    async (req, res) => {
      const rows = await readRegistrations(req.actor, req.params.id);
      const fallback = req.actor.tenant.config.locales.default;
      res.json({
        registrations: rows.map((c) => ({
          supplierId: c.supplierId,
          name: textIn(c.name, req.lng, fallback),
          registrationNo: c.registrationNo,
          attended: c.attended,
        })),
      });
    },
  );

  router.post(
    '/briefings/:id/attendance',
    operation({
      id: 'recordBriefingAttendance',
      summary: 'After the briefing: the registered companies that attended (supplier ids); the list becomes public',
      responses: { ...noContent, 409: 'The briefing has not started yet, or is cancelled' },
    }),
    officer,
    validate({ params: IdParams, body: AttendanceForm }),
    async (req, res) => {
      await briefings.recordAttendance(req.actor, req.params.id, req.body.attended);
      res.status(204).end();
    },
  );
  return router;
}
