/**
 * Addenda on pages: the officer's form to issue one (multipart, with added documents in
 * "documents" and a replacement of document X in "replace_X"). The public notice page shows the
 * addenda through its page model (page-model.ts).
 */
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import { addendaService, addendumFields, addendumInput, isAddendumFileField, type AddendumFields } from './addenda.js';
import { addendumFormPage } from './addenda-view.js';
import { withCsrfToken, type Csrf } from './form-steps.js';
import { checkedFiles, checkFiles, noticeUpload } from './uploads.js';

export function addendumPages(
  services: Pick<Deps, 'audit' | 'mailer' | 'relay' | 'limits' | 'i18n' | 'publicUrl'>,
  csrf: Csrf,
): Router {
  const router = Router();
  const addenda = addendaService(services);

  router.get(
    '/notices-desk/:id/addenda/new',
    requirePolicy('notices:manage'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => addendumFormPage(req, res),
  );

  // The body is parsed before the CSRF check: the token travels inside the multipart body.
  router.post(
    '/notices-desk/:id/addenda',
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    noticeUpload,
    csrf.protect,
    validate({ params: IdParams, body: addendumFields }),
    checkFiles(isAddendumFileField),
    async (req: Request<{ id: string }, unknown, AddendumFields>, res: Response) => {
      const issued = await addenda.issue(req.actor, req.params.id, addendumInput(req.body, checkedFiles(req)));
      if (isAwaitingCheck(issued)) res.redirect(303, `${req.baseUrl}/notices-desk/${req.params.id}?sent=check`);
      else res.redirect(303, `${req.baseUrl}/notices/${req.params.id}`);
    },
    showFormAgain(withCsrfToken(csrf, addendumFormPage)),
  );
  return router;
}
