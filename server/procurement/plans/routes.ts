/** Procurement plan pages and API: the public list, budget execution, and officers' entries. */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { fieldMessages, parseInput } from '../../http/validate.js';
import { formatMoney } from '../../i18n/format.js';
import { localizedInputs } from '../../i18n/localized-fields.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { endOfDay } from '../../time/zone.js';
import { CATEGORIES, METHODS, planEntrySchema } from './schema.js';
import { budgetExecution, plansService, publishedPlans, type PlanInput } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Filter = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  agency: z.string().max(64).optional(),
  category: z.enum(CATEGORIES).optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
});

function schemaFor(req: Request) {
  const c = req.tenant!.config;
  return planEntrySchema(c.locales.supported, c.locales.default, c.currency);
}

function currentYear(req: Request): number {
  return Number(
    new Intl.DateTimeFormat('en', { timeZone: req.tenant!.config.timeZone, year: 'numeric' }).format(new Date()),
  );
}

export function planPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const plans = plansService(services);
  const money = (req: Request, v: number | string) =>
    formatMoney(v, req.tenant!.config.currency, req.lng, req.tenant!.config.numberingSystem);
  const titleOf = (req: Request, title: Record<string, string>) =>
    title[req.lng] ?? title[req.tenant!.config.locales.default] ?? Object.values(title)[0] ?? '';

  router.get('/plans', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const parsed = Filter.safeParse(req.query);
    const filter = parsed.success ? parsed.data : {};
    const year = filter.year ?? currentYear(req);
    const rows = await inTenant(req.tenant!, (tx) => publishedPlans(tx, { ...filter, year }));
    res.render('plans/list', {
      title: req.t('plans:title'),
      year,
      categories: CATEGORIES.map((c) => ({
        value: c,
        label: req.t(`suppliers:category_${c}`),
        selected: c === filter.category,
      })),
      entries: rows.map((r) => ({
        ...r,
        titleText: titleOf(req, r.title as Record<string, string>),
        agency: titleOf(req, r.agency_name),
        budget: money(req, r.estimated_budget),
        categoryLabel: req.t(`suppliers:category_${r.category}`),
        methodLabel: req.t(`plans:method_${r.method}`),
      })),
    });
  });

  router.get('/plans/execution', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const parsed = Filter.extend({ asOf: z.iso.date().optional() }).safeParse(req.query);
    const year = (parsed.success ? parsed.data.year : undefined) ?? currentYear(req);
    const tz = req.tenant!.config.timeZone;
    const { rows, asOf } = await inTenant(req.tenant!, async (tx) => {
      const today = localDate(await now(tx), tz);
      const day = (parsed.success ? parsed.data.asOf : undefined) ?? today;
      // As of the end of that day in the tenant's time zone.
      return { rows: await budgetExecution(tx, year, endOfDay(day, tz)), asOf: day };
    });
    const percent = (part: string, whole: string) =>
      Number(whole) > 0 ? `${Math.round((Number(part) / Number(whole)) * 1000) / 10} %` : '–';
    res.render('plans/execution', {
      title: req.t('plans:execution_title'),
      year,
      asOf,
      agencies: rows.map((r) => ({
        code: r.code,
        name: titleOf(req, r.name),
        planned: money(req, r.planned),
        tendered: money(req, r.tendered),
        awarded: money(req, r.awarded),
        rate: percent(r.awarded, r.planned),
        entries: r.entries,
      })),
    });
  });

  const formPage = (req: Request, extra: Record<string, unknown> = {}) => ({
    title: req.t('plans:new_title'),
    languages: localizedInputs('title', req.tenant!.config.locales, (language) =>
      req.t('plans:title_in', { language }),
    ),
    categories: CATEGORIES.map((c) => ({ value: c, label: req.t(`suppliers:category_${c}`) })),
    methods: METHODS.map((m) => ({ value: m, label: req.t(`plans:method_${m}`) })),
    currency: req.tenant!.config.currency,
    values: { fiscalYear: currentYear(req) },
    ...extra,
  });

  router.get('/plans/new', requirePolicy('plans:manage'), csrf.token, (req, res) =>
    res.render('plans/new', formPage(req)),
  );

  router.post('/plans', requirePolicy('plans:manage'), csrf.protect, csrf.token, async (req, res) => {
    try {
      const input = parseInput(schemaFor(req), req.body ?? {}) as PlanInput;
      await plans.create(req.tenant!, req.user!, auditContextOf(req), input);
      res.redirect(303, `${req.baseUrl}/plans/mine`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.status(error.status).render(
        'plans/new',
        formPage(req, {
          values: req.body as Record<string, unknown>,
          errors: fieldMessages(error, req.t),
          error: req.t('validation:failed'),
        }),
      );
    }
  });

  router.get('/plans/mine', requirePolicy('plans:manage'), csrf.token, async (req, res) => {
    const rows = await inTenant(req.tenant!, (tx) =>
      tx('plan_entries').where({ agency_id: req.user!.agencyId }).orderBy('created_at', 'desc').limit(500),
    );
    res.render('plans/mine', {
      title: req.t('plans:mine_title'),
      entries: rows.map((r: { title: Record<string, string>; estimated_budget: string; status: string }) => ({
        ...r,
        titleText: titleOf(req, r.title),
        budget: money(req, r.estimated_budget),
        draft: r.status === 'draft',
        statusLabel: req.t(`plans:status_${r.status}`),
      })),
    });
  });

  router.post('/plans/:id/publish', requirePolicy('plans:manage'), csrf.protect, async (req, res) => {
    await plans.publish(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.redirect(303, `${req.baseUrl}/plans/mine`);
  });

  return router;
}

export function planApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const plans = plansService(services);
  doc.add({
    method: 'get',
    path: '/plans',
    tag: 'plans',
    summary: 'Published procurement plan entries (filters: year, agency, category, quarter)',
    authenticated: false,
    responses: {
      '200': { description: 'Plan entries' },
      '429': { description: 'Too many requests from this address; see Retry-After' },
    },
  });
  router.get('/plans', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const filter = parseInput(Filter, req.query);
    const rows = await inTenant(req.tenant!, (tx) => publishedPlans(tx, filter));
    res.json({
      entries: rows.map((r) => ({
        id: r.id,
        fiscalYear: r.fiscal_year,
        title: r.title,
        agency: { code: r.agency_code, name: r.agency_name },
        category: r.category,
        estimatedBudget: Number(r.estimated_budget),
        currency: req.tenant!.config.currency,
        quarter: r.quarter,
        method: r.method,
        publishedAt: r.published_at,
      })),
    });
  });
  doc.add({
    method: 'post',
    path: '/plans',
    tag: 'plans',
    summary: "Enter a plan entry for the officer's agency (a draft)",
    authenticated: true,
    responses: {
      '201': { description: 'Created' },
      '422': { description: 'Invalid input' },
      '403': { description: 'Not an officer of an agency' },
    },
  });
  router.post('/plans', requirePolicy('plans:manage'), async (req, res) => {
    const c = req.tenant!.config;
    const input = parseInput(
      planEntrySchema(c.locales.supported, c.locales.default, c.currency),
      req.body ?? {},
    ) as PlanInput;
    const id = await plans.create(req.tenant!, req.user!, auditContextOf(req), input);
    res.status(201).json({ id, status: 'draft' });
  });
  doc.add({
    method: 'post',
    path: '/plans/{id}/publish',
    tag: 'plans',
    summary: 'Publish a draft plan entry',
    authenticated: true,
    responses: { '204': { description: 'Published' }, '404': { description: 'No such entry' } },
  });
  router.post('/plans/:id/publish', requirePolicy('plans:manage'), async (req, res) => {
    await plans.publish(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.status(204).end();
  });
  return router;
}
