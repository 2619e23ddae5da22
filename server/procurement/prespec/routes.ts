/**
 * Pre-specification pages: the public list and page of each disclosure (comments and replies,
 * commenters unnamed), the supplier's comment form while it is open, the officers' reply form,
 * and the officer's form to open a disclosure from a draft on the notice desk.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, NotFoundError } from '../../http/errors.js';
import { fieldMessages, formField, parseInput } from '../../http/validate.js';
import { formatMoney } from '../../i18n/format.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { can, publicRoute, requirePolicy } from '../../identity/policy.js';
import { ruleReference } from '../../regulations/lookup.js';
import type { Deps } from '../../deps.js';
import { commentsView, findDisclosure, formatDay, listDisclosures, publicView } from './read.js';
import { Comment, OpenDisclosure, Reply } from './schema.js';
import { preSpecificationService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;
const BackTo = z.object({ preSpecificationId: z.uuid() });

/** Re-renders a form on a refusal (422); anything else goes to the error handler. */
function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && error.status === 422;
}

export function preSpecificationPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const disclosures = preSpecificationService(services);

  async function showPage(req: Request, res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) {
    const found = await findDisclosure(req.tenant!, id);
    if (!found) throw new NotFoundError('pre_specification_not_found', 'prespec:not_found');
    const config = req.tenant!.config;
    const disclosure = publicView(found.row, req.lng, config);
    res.status(status).render('prespec/show', {
      title: req.t('prespec:page_title'),
      disclosure,
      summaryParagraphs: disclosure.summary.split(/\n\s*\n/).filter((p) => p.trim()),
      categoryLabel: req.t(`suppliers:category_${disclosure.category}`),
      stateLabel: req.t(`prespec:state_${disclosure.state}`),
      comments: commentsView(found.comments, req.lng, config),
      canComment: disclosure.state === 'open' && can(req.user, 'supplier:read-own'),
      canReply: can(req.user, 'notices:manage', found.row.agency_id),
      values: {},
      errors: {},
      ...extra,
    });
  }

  async function openPage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const config = req.tenant!.config;
    const draft = await disclosures.draft(req.tenant!, req.user!, String(req.params.id));
    if (draft.existingId && status === 200) {
      res.redirect(`${req.baseUrl}/pre-specifications/${draft.existingId}`);
      return;
    }
    const money = (v: number | string) => formatMoney(v, config.currency, req.lng, config.numberingSystem);
    const period = draft.period;
    res.status(status).render('prespec/open', {
      title: req.t('prespec:open_title'),
      notice: {
        id: draft.id,
        titleText: draft.title[req.lng] ?? draft.title[config.locales.default] ?? Object.values(draft.title)[0] ?? '',
        estimatedPriceText: money(draft.estimatedPrice),
      },
      rule: period && {
        reference: ruleReference(period.rule),
        days: period.rule.value.days,
        unit: period.rule.value.unit,
        thresholdText: money(period.rule.value.aboveValue),
        closesOn: period.closesOn,
        closesOnText: formatDay(period.closesOn, req.lng, config.numberingSystem),
      },
      required: draft.required,
      values: {},
      errors: {},
      ...extra,
    });
  }

  router.get('/pre-specifications', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const rows = await listDisclosures(req.tenant!);
    res.render('prespec/list', {
      title: req.t('prespec:title'),
      disclosures: rows.map((r) => {
        const view = publicView(r, req.lng, req.tenant!.config);
        return {
          ...view,
          categoryLabel: req.t(`suppliers:category_${view.category}`),
          stateLabel: req.t(`prespec:state_${view.state}`),
        };
      }),
    });
  });

  router.get('/pre-specifications/:id', publicRoute, csrf.token, (req, res) =>
    showPage(req, res, String(req.params.id)),
  );

  router.post(
    '/pre-specifications/:id/comments',
    requirePolicy('supplier:read-own'),
    csrf.protect,
    csrf.token,
    async (req, res) => {
      const id = String(req.params.id);
      try {
        const { comment } = parseInput(Comment, req.body ?? {});
        await disclosures.comment(req.tenant!, req.user!, auditContextOf(req), id, comment);
        res.redirect(303, `${req.baseUrl}/pre-specifications/${id}`);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        await showPage(req, res, id, error.status, {
          values: { comment: formField(req, 'comment') ?? '' },
          errors: fieldMessages(error, req.t),
          error: req.t('validation:failed'),
        });
      }
    },
  );

  router.post(
    '/pre-specification-comments/:id/reply',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    async (req, res) => {
      const back = BackTo.safeParse(req.body ?? {});
      const commentId = String(req.params.id);
      try {
        const { reply } = parseInput(Reply, req.body ?? {});
        const id = await disclosures.reply(req.tenant!, req.user!, auditContextOf(req), commentId, reply);
        res.redirect(303, `${req.baseUrl}/pre-specifications/${id}`);
      } catch (error) {
        if (!isRefusal(error) || !back.success) throw error;
        await showPage(req, res, back.data.preSpecificationId, error.status, {
          replyError: { id: commentId, message: fieldMessages(error, req.t).reply ?? req.t('validation:failed') },
        });
      }
    },
  );

  router.get('/notices-desk/:id/pre-specification', requirePolicy('notices:manage'), csrf.token, (req, res) =>
    openPage(req, res),
  );

  router.post(
    '/notices-desk/:id/pre-specification',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    async (req, res) => {
      try {
        const { summary } = parseInput(OpenDisclosure, req.body ?? {});
        const opened = await disclosures.open(
          req.tenant!,
          req.user!,
          auditContextOf(req),
          String(req.params.id),
          summary,
        );
        res.redirect(303, `${req.baseUrl}/pre-specifications/${opened.id}`);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const messages = fieldMessages(error, req.t);
        await openPage(req, res, error.status, {
          values: { summary: formField(req, 'summary') ?? '' },
          errors: messages,
          error: messages['(body)'] ?? req.t('validation:failed'),
        });
      }
    },
  );

  return router;
}
