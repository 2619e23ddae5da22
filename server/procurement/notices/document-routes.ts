/**
 * Notice documents on pages: officers upload to and remove from their agency's drafts; anyone
 * downloads the documents of a published notice, as an attachment carrying its SHA-256. A refused
 * upload (413 too large, 415 not an accepted type) stores nothing and shows the page again.
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { documentsPage, sendDocument } from './document-view.js';
import { noticeDocumentsService, readDocumentForDownload } from './documents.js';
import { withCsrfToken, type Csrf } from './form-steps.js';
import { DocumentParams } from './schema.js';
import { checkedFiles, checkFiles, noticeUpload } from './uploads.js';

export function noticeDocumentPages(services: Pick<Deps, 'audit' | 'limits'>, csrf: Csrf): Router {
  const router = Router();
  const documents = noticeDocumentsService(services);

  router.get(
    '/notices-desk/:id/documents',
    requirePolicy('notices:manage'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => documentsPage(req, res),
  );

  // The files are parsed and checked before the CSRF check: the token travels inside the body.
  router.post(
    '/notices-desk/:id/documents',
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    noticeUpload,
    checkFiles((field) => field === 'documents'),
    csrf.protect,
    validate({ params: IdParams }),
    async (req: Request<{ id: string }>, res: Response) => {
      await documents.upload(
        req.actor,
        req.params.id,
        checkedFiles(req).map((f) => f.document),
      );
      res.redirect(303, `${req.baseUrl}/notices-desk/${req.params.id}/documents`);
    },
    showFormAgain(withCsrfToken(csrf, documentsPage)),
  );

  router.post(
    '/notices-desk/:id/documents/:documentId/remove',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: DocumentParams }),
    async (req, res) => {
      await documents.remove(req.actor, req.params.id, req.params.documentId);
      res.redirect(303, `${req.baseUrl}/notices-desk/${req.params.id}/documents`);
    },
  );

  router.get(
    '/notices/:id/documents/:documentId',
    publicRoute,
    validate({ params: DocumentParams }),
    async (req, res) => {
      const doc = await readDocumentForDownload(req.actor, {
        noticeId: req.params.id,
        documentId: req.params.documentId,
      });
      sendDocument(res, doc);
    },
  );
  return router;
}
