/** Bid notices on pages: the public list (search in every tenant language), a notice's page, its questions. */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { IdParams, Uuid } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { can, publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Csrf } from './form-steps.js';
import { noticePageModel, printLocals } from './page-model.js';
import { LenientFilter, lenientFilter } from './filter.js';
import { parsedQuery } from '../../http/validate.js';
import { publicView, searchNotices } from './public.js';
import { questionsService } from './questions.js';
import { noticeStages } from './stages.js';
import { AnswerForm, QuestionForm } from './schema.js';

export function noticePages(services: Pick<Deps, 'audit' | 'mailer' | 'limits'>, csrf: Csrf): Router {
  const router = Router();
  const questions = questionsService(services);

  router.get('/notices', publicRoute, services.limits.perAddress('public-search'), lenientFilter, async (req, res) => {
    const filter = parsedQuery(req, LenientFilter);
    const found = await searchNotices(req.actor, { ...filter, lng: req.lng });
    const stages = await noticeStages(
      req.actor,
      found.notices.map((n) => n.id),
      req.t,
    );
    res.render('notices/list', {
      title: req.t('notices:title'),
      q: filter.q ?? '',
      canSaveSearch: can(req.user, 'alerts:manage-own'),
      notices: found.notices.map((n) => ({ ...publicView(req, n), stageLabel: stages.get(n.id) })),
      next: found.nextPage ?? undefined,
      previous: found.previousPage ?? undefined,
    });
  });

  router.get('/notices/:id', publicRoute, validate({ params: IdParams }), async (req, res) => {
    res.render('notices/show', await noticePageModel(req, req.params.id));
  });

  // The same page on paper: the print layout drops navigation and forms, keeps the facts.
  router.get('/notices/:id/print', publicRoute, validate({ params: IdParams }), async (req, res) => {
    res.render('notices/show', { ...(await noticePageModel(req, req.params.id)), ...printLocals(req) });
  });

  router.post(
    '/notices/:id/questions',
    requirePolicy('supplier:read-own'),
    csrf.protect,
    validate({ params: IdParams, body: QuestionForm }),
    async (req, res) => {
      await questions.ask(req.actor, req.params.id, req.body.question);
      res.redirect(303, `${req.baseUrl}/notices/${req.params.id}`);
    },
  );

  router.post(
    '/questions/:id/answer',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams, body: AnswerForm.extend({ noticeId: Uuid }) }),
    async (req, res) => {
      await questions.answer(req.actor, req.params.id, req.body.answer);
      res.redirect(303, `${req.baseUrl}/notices/${req.body.noticeId}`);
    },
  );
  return router;
}
