/**
 * The officer's notice pages: draft a notice from a published plan entry, see the agency's notices,
 * publish (a refusal comes back on the page, field by field, naming the rule) or cancel.
 */
import { Router, type Request, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { deskPage, draftFormPage, showRefusedPublication } from './desk-view.js';
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

export function officerNoticePages(
  services: Pick<Deps, 'audit' | 'sealedBox' | 'relay' | 'mailer'>,
  csrf: Csrf,
): Router {
  const router = Router();
  const notices = noticesService(services);

  router.get('/notices-desk', requirePolicy('notices:manage'), csrf.token, (req, res) => deskPage(req, res));
  router.get('/notices-desk/new', requirePolicy('notices:manage'), csrf.token, (req, res) => draftFormPage(req, res));

  router.post(
    '/notices-desk',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate({ body: draftForm }),
    async (req: Request<ParamsDictionary, unknown, NoticeDraft>, res: Response) => {
      await notices.createDraft(req.actor, req.body);
      res.redirect(303, `${req.baseUrl}/notices-desk`);
    },
    showFormAgain(draftFormPage),
  );

  router.post(
    '/notices-desk/:id/publish',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate({ params: IdParams }),
    async (req: Request<{ id: string }>, res: Response) => {
      await notices.publish(req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/notices-desk`);
    },
    showRefusedPublication,
  );

  router.post(
    '/notices-desk/:id/cancel',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams, body: CancelForm }),
    async (req, res) => {
      await notices.cancel(req.actor, req.params.id, req.body.reason);
      res.redirect(303, `${req.baseUrl}/notices-desk`);
    },
  );

  return router;
}
