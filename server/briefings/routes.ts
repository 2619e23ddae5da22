/**
 * Briefing pages: the public list and page of a briefing; the officer's scheduling form and, on
 * the briefing's page, the move, cancel, answer and attendance forms; the supplier's registration
 * and question forms. A refused form shows its page again with the messages.
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormRefusal } from '../http/forms.js';
import { IdParams, isUuid } from '../http/params.js';
import { parsedQuery, validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import { listBriefings, readScheduleSubject } from './read.js';
import {
  AnswerForm,
  AttendanceForm,
  BriefingFilter,
  CancelForm,
  MoveFields,
  NewBriefingQuery,
  QuestionForm,
  QuestionParams,
  ScheduleFields,
} from './schema.js';
import { briefingsService } from './service.js';
import { briefingListModel, briefingPage, scheduleFormModel } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** The scheduling form, for the notice or plan entry named in the query or in what was posted. */
async function scheduleForm(req: Request, res: Response, refusal?: FormRefusal) {
  const from = refusal?.values ?? req.query;
  const id = (v: unknown) => (isUuid(v) ? v : undefined);
  const subject = await readScheduleSubject(req.actor, {
    notice: id(from.noticeId ?? from.notice),
    plan: id(from.planEntryId ?? from.plan),
  });
  res.render('briefings/new', scheduleFormModel(req, subject, refusal));
}

const back = (req: Request<{ id: string }>) => `${req.baseUrl}/briefings/${req.params.id}`;

export function briefingPages(services: Pick<Deps, 'audit' | 'mailer'>, csrf: Csrf): Router {
  const router = Router();
  const briefings = briefingsService(services);
  const officer = requirePolicy('notices:manage');
  const supplier = requirePolicy('supplier:read-own');

  router.get('/briefings', publicRoute, validate({ query: BriefingFilter }), async (req, res) => {
    const rows = await listBriefings(req.actor, parsedQuery(req, BriefingFilter));
    res.render('briefings/list', briefingListModel(req, rows));
  });

  router.get('/briefings/new', officer, csrf.token, validate({ query: NewBriefingQuery }), (req, res) =>
    scheduleForm(req, res),
  );

  router.post(
    '/briefings',
    officer,
    csrf.protect,
    csrf.token,
    validate({ body: ScheduleFields }),
    async (req: Request, res: Response) => {
      const id = await briefings.schedule(req.actor, req.body as Parameters<typeof briefings.schedule>[1]);
      res.redirect(303, `${req.baseUrl}/briefings/${id}`);
    },
    showFormAgain(scheduleForm),
  );

  router.get('/briefings/:id', publicRoute, validate({ params: IdParams }), (req, res) => briefingPage(req, res));

  router.post(
    '/briefings/:id/move',
    officer,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: MoveFields }),
    async (req: Request<{ id: string }>, res: Response) => {
      await briefings.move(req.actor, req.params.id, req.body as Parameters<typeof briefings.move>[2]);
      res.redirect(303, back(req));
    },
    showFormAgain(briefingPage, 'move'),
  );

  router.post(
    '/briefings/:id/cancel',
    officer,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: CancelForm }),
    async (req, res) => {
      await briefings.cancel(req.actor, req.params.id, req.body.reason);
      res.redirect(303, back(req));
    },
    showFormAgain(briefingPage, 'cancel'),
  );

  router.post(
    '/briefings/:id/registration',
    supplier,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams }),
    async (req, res) => {
      await briefings.register(req.actor, req.params.id);
      res.redirect(303, back(req));
    },
    showFormAgain(briefingPage, 'register'),
  );

  router.post(
    '/briefings/:id/questions',
    supplier,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: QuestionForm }),
    async (req, res) => {
      await briefings.ask(req.actor, req.params.id, req.body.question);
      res.redirect(303, back(req));
    },
    showFormAgain(briefingPage, 'question'),
  );

  router.post(
    '/briefings/:id/questions/:questionId/answer',
    officer,
    csrf.protect,
    csrf.token,
    validate({ params: QuestionParams, body: AnswerForm }),
    async (req, res) => {
      await briefings.answer(req.actor, req.params.id, req.params.questionId, req.body.answer);
      res.redirect(303, back(req));
    },
    showFormAgain(briefingPage, 'answer'),
  );

  router.post(
    '/briefings/:id/attendance',
    officer,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: AttendanceForm }),
    async (req, res) => {
      await briefings.recordAttendance(req.actor, req.params.id, req.body.attended);
      res.redirect(303, back(req));
    },
    showFormAgain(briefingPage, 'attendance'),
  );
  return router;
}
