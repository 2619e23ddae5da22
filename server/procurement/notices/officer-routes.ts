/**
 * The officer's notice pages: draft a notice from a published plan entry, see the agency's notices
 * and each draft's page (what publication would refuse today), edit or delete a draft, publish
 * (a refusal redirects to the draft's page, which gives every reason, naming the rule) or cancel.
 */
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router, type Request, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ErrorRequestHandler } from 'express';
import type { Deps } from '../../deps.js';
import { isRefusal, showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { deskPage, draftFormPage } from './desk-view.js';
import { draftPage, editDraftPage } from './draft-view.js';
import { draftsService } from './drafts.js';
import type { Csrf } from './form-steps.js';
import { CancelForm, noticeDraftSchema, type NoticeDraft } from './schema.js';
import { noticesService } from './service.js';
import { z } from 'zod';

/** The draft form: as the API takes it, the "no plan entry" choice posting an empty string. */
const draftForm = ({ config: c }: TenantHandle) =>
  z.preprocess(
    (body) => ({ ...(body as object), planEntryId: (body as { planEntryId?: string }).planEntryId || undefined }),
    noticeDraftSchema(c.locales.supported, c.locales.default, c.currency, c.timeZone),
  );

/**
 * Post/redirect/get for a refused publication: the draft's page gives the reasons (it runs the
 * same checks again), so reloading it or switching language never posts again.
 */
const showRefusedPublication: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (!isRefusal(error)) return next(error);
  res.redirect(303, `${req.baseUrl}/notices-desk/${String(req.params.id)}?refused=1`);
};

export function officerNoticePages(
  services: Pick<Deps, 'audit' | 'sealedBox' | 'relay' | 'mailer' | 'i18n' | 'publicUrl'>,
  csrf: Csrf,
): Router {
  const router = Router();
  const notices = noticesService(services);
  const drafts = draftsService(services);

  router.get('/notices-desk', requirePolicy('notices:manage'), csrf.token, (req, res) => deskPage(req, res));
  router.get('/notices-desk/new', requirePolicy('notices:manage'), csrf.token, (req, res) => draftFormPage(req, res));

  router.post(
    '/notices-desk',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate({ body: draftForm }),
    async (req: Request<ParamsDictionary, unknown, NoticeDraft>, res: Response) => {
      const id = await notices.createDraft(req.actor, req.body);
      res.redirect(303, `${req.baseUrl}/notices-desk/${id}`);
    },
    showFormAgain((req, res, refusal) => draftFormPage(req, res, refusal)),
  );

  router.get(
    '/notices-desk/:id',
    requirePolicy('notices:manage'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => draftPage(req, res),
  );

  router.get(
    '/notices-desk/:id/edit',
    requirePolicy('notices:manage'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => editDraftPage(req, res),
  );

  router.post(
    '/notices-desk/:id/edit',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: draftForm }),
    async (req: Request<{ id: string }, unknown, NoticeDraft>, res: Response) => {
      await drafts.update(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/notices-desk/${req.params.id}`);
    },
    showFormAgain(editDraftPage),
  );

  router.post(
    '/notices-desk/:id/delete',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams }),
    async (req: Request<{ id: string }>, res: Response) => {
      await drafts.remove(req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/notices-desk`);
    },
  );

  router.post(
    '/notices-desk/:id/publish',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams }),
    async (req: Request<{ id: string }>, res: Response) => {
      const published = await notices.publish(req.actor, req.params.id);
      if (isAwaitingCheck(published)) res.redirect(303, `${req.baseUrl}/notices-desk/${req.params.id}?sent=check`);
      else res.redirect(303, `${req.baseUrl}/notices-desk`);
    },
    showRefusedPublication,
  );

  router.post(
    '/notices-desk/:id/cancel',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams, body: CancelForm }),
    async (req, res) => {
      const check = await notices.cancel(req.actor, req.params.id, req.body.reason);
      res.redirect(
        303,
        check ? `${req.baseUrl}/notices-desk/${req.params.id}?sent=check` : `${req.baseUrl}/notices-desk`,
      );
    },
  );

  return router;
}
