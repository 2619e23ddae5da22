/**
 * The officer's notice pages: draft a notice from a published plan entry, see the agency's notices,
 * publish (a refusal comes back on the page, field by field, naming the rule) or cancel.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { fieldMessages, parseInput } from '../../http/validate.js';
import { localizedInputs } from '../../i18n/localized-fields.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { CATEGORIES, METHODS } from '../plans/schema.js';
import { noticeDraftSchema } from './schema.js';
import { noticesService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function officerNoticePages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const notices = noticesService(services);
  const titleOf = (req: Request, title: Record<string, string>) => title[req.lng] ?? Object.values(title)[0] ?? '';

  async function formPage(req: Request, extra: Record<string, unknown> = {}) {
    const plans = await inTenant(req.tenant!, (tx) =>
      tx('plan_entries')
        .where({ agency_id: req.user!.agencyId, status: 'published' })
        .orderBy('created_at', 'desc')
        .select<{ id: string; title: Record<string, string> }[]>('id', 'title'),
    );
    return {
      title: req.t('notices:new_title'),
      languages: localizedInputs('title', req.tenant!.config.locales, (language) =>
        req.t('plans:title_in', { language }),
      ),
      plans: plans.map((p) => ({ id: p.id, label: titleOf(req, p.title) })),
      categories: CATEGORIES.map((c) => ({ value: c, label: req.t(`suppliers:category_${c}`) })),
      methods: METHODS.map((m) => ({ value: m, label: req.t(`plans:method_${m}`) })),
      competitions: [
        { value: 'domestic', label: req.t('notices:domestic') },
        { value: 'international', label: req.t('notices:international') },
      ],
      evaluations: [
        { value: 'lowest-price', label: req.t('notices:lowest_price') },
        { value: 'negotiated', label: req.t('plans:method_negotiated') },
      ],
      currency: req.tenant!.config.currency,
      timeZone: req.tenant!.config.timeZone,
      values: {},
      errors: {},
      ...extra,
    };
  }

  async function minePage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const rows = await inTenant(req.tenant!, (tx) =>
      tx('notices').where({ agency_id: req.user!.agencyId }).orderBy('created_at', 'desc').limit(200),
    );
    res.status(status).render('notices/mine', {
      title: req.t('notices:mine_title'),
      notices: rows.map((n: { title: Record<string, string>; status: string; status_details: string }) => ({
        ...n,
        titleText: titleOf(req, n.title),
        statusLabel: req.t(`notices:status_${n.status}`),
        draft: n.status_details === 'draft',
        active: n.status === 'active',
      })),
      ...extra,
    });
  }

  router.get('/notices-desk', requirePolicy('notices:manage'), csrf.token, (req, res) => minePage(req, res));
  router.get('/notices-desk/new', requirePolicy('notices:manage'), csrf.token, async (req, res) =>
    res.render('notices/new', await formPage(req)),
  );

  router.post('/notices-desk', requirePolicy('notices:manage'), csrf.protect, csrf.token, async (req, res) => {
    const c = req.tenant!.config;
    try {
      const input = parseInput(noticeDraftSchema(c.locales.supported, c.locales.default, c.currency, c.timeZone), {
        ...(req.body as object),
        planEntryId: (req.body as { planEntryId?: string }).planEntryId || undefined,
      });
      await notices.createDraft(req.tenant!, req.user!, auditContextOf(req), input);
      res.redirect(303, `${req.baseUrl}/notices-desk`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.status(error.status).render(
        'notices/new',
        await formPage(req, {
          values: req.body as Record<string, unknown>,
          errors: fieldMessages(error, req.t),
          error: req.t('validation:failed'),
        }),
      );
    }
  });

  router.post(
    '/notices-desk/:id/publish',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    async (req, res) => {
      try {
        await notices.publish(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
        res.redirect(303, `${req.baseUrl}/notices-desk`);
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404) throw error;
        // The refusal, field by field, on the officer's list.
        await minePage(req, res, error.status, {
          refusal: error.details.map((d) => req.t(d.key, d.params)),
          refusedId: String(req.params.id),
        });
      }
    },
  );

  router.post('/notices-desk/:id/cancel', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const { reason } = parseInput(z.object({ reason: z.string().trim().min(1).max(2000) }), req.body ?? {});
    await notices.cancel(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reason);
    res.redirect(303, `${req.baseUrl}/notices-desk`);
  });

  return router;
}
