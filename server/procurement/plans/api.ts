/** Procurement plans as JSON: the published entries, and officers' entries. */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { parsedQuery, validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { readPublishedPlans } from './read.js';
import { PlanCreated, PlanFilter, PlanList, planEntryFor } from './schema.js';
import { plansService } from './service.js';

const operation = operations('plans');
const filterQuery = validate({ query: PlanFilter });

export function planApi(deps: Pick<Deps, 'audit' | 'limits'>): Router {
  const router = Router();
  const plans = plansService(deps);

  router.get(
    '/plans',
    operation({
      id: 'listPlans',
      summary: 'Published procurement plan entries (filters: year, agency, category, quarter)',
      responses: {
        200: { description: 'Plan entries', schema: PlanList },
        429: 'Too many requests from this address; see Retry-After',
      },
    }),
    publicRoute,
    deps.limits.perAddress('public-search'),
    filterQuery,
    async (req: Request, res: Response) => {
      const rows = await readPublishedPlans(req.actor, parsedQuery(req, PlanFilter));
      const currency = req.actor.tenant.config.currency;
      res.json({
        entries: rows.map((r) => ({
          id: r.id,
          fiscalYear: r.fiscal_year,
          title: r.title,
          agency: { code: r.agency_code, name: r.agency_name },
          category: r.category,
          estimatedBudget: Number(r.estimated_budget),
          currency,
          quarter: r.quarter,
          method: r.method,
          publishedAt: r.published_at,
        })),
      });
    },
  );

  router.post(
    '/plans',
    operation({
      id: 'createPlanEntry',
      summary: "Enter a plan entry for the officer's agency (a draft)",
      responses: { 201: { description: 'Created', schema: PlanCreated } },
    }),
    requirePolicy('plans:manage'),
    validate({ body: planEntryFor }),
    async (req, res) => {
      const id = await plans.create(req.actor, req.body);
      res.status(201).json({ id, status: 'draft' });
    },
  );

  router.post(
    '/plans/:id/publish',
    operation({
      id: 'publishPlanEntry',
      summary: 'Publish a draft plan entry',
      responses: { 204: 'Published', 422: 'The entry is not a draft' },
    }),
    requirePolicy('plans:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      await plans.publish(req.actor, req.params.id);
      res.status(204).end();
    },
  );

  return router;
}
