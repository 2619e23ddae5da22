/** Procurement plan pages: the public list, budget execution, and officers' entries. */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain, type FormRefusal } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { parsedQuery, validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { readExecutionTargets } from '../../targets/read.js';
import { executionTargetsModel } from '../../targets/targets-view.js';
import { currentYear, readAgencyPlans, readBudgetExecution, readPublishedPlans } from './read.js';
import { ExecutionPageFilter, PlanPageFilter, planEntryFor } from './schema.js';
import { plansService } from './service.js';
import { agencyPlansModel, executionModel, planFormModel, planListModel } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;
// The validated inputs; a handler names its request type after them, and reads a query with
// numbers through parsedQuery().
const listQuery = validate({ query: PlanPageFilter });
const executionQuery = validate({ query: ExecutionPageFilter });
const planBody = validate({ body: planEntryFor });

async function listPage(req: Request, res: Response) {
  const query = parsedQuery(req, PlanPageFilter);
  const year = query.year ?? currentYear(req.actor.tenant);
  const rows = await readPublishedPlans(req.actor, { ...query, year });
  res.render('plans/list', planListModel(req, year, query.category, rows));
}

async function executionPage(req: Request, res: Response) {
  const query = parsedQuery(req, ExecutionPageFilter);
  const year = query.year ?? currentYear(req.actor.tenant);
  const { rows, asOf } = await readBudgetExecution(req.actor, { year, asOf: query.asOf });
  const targets = await readExecutionTargets(req.actor, { year, asOf });
  res.render('plans/execution', {
    ...executionModel(req, year, asOf, rows),
    targets: executionTargetsModel(req, targets.rows, asOf),
  });
}

function planForm(req: Request, res: Response, refusal?: FormRefusal) {
  res.render('plans/new', planFormModel(req, refusal));
}

export function planPages(deps: Pick<Deps, 'audit' | 'limits'>, csrf: Csrf): Router {
  const router = Router();
  const plans = plansService(deps);
  const search = deps.limits.perAddress('public-search');

  router.get('/plans', publicRoute, search, listQuery, listPage);
  router.get('/plans/execution', publicRoute, search, executionQuery, executionPage);
  router.get('/plans/new', requirePolicy('plans:manage'), csrf.token, (req, res) => planForm(req, res));

  router.post(
    '/plans',
    requirePolicy('plans:manage'),
    csrf.protect,
    csrf.token,
    planBody,
    async (req: Parameters<typeof planBody>[0], res: Response) => {
      await plans.create(req.actor, req.body);
      res.redirect(303, `${req.baseUrl}/plans/mine`);
    },
    showFormAgain(planForm),
  );

  router.get('/plans/mine', requirePolicy('plans:manage'), csrf.token, async (req, res) => {
    res.render('plans/mine', agencyPlansModel(req, await readAgencyPlans(req.actor)));
  });

  router.post(
    '/plans/:id/publish',
    requirePolicy('plans:manage'),
    csrf.protect,
    validate({ params: IdParams }),
    async (req, res) => {
      await plans.publish(req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/plans/mine`);
    },
  );

  return router;
}
