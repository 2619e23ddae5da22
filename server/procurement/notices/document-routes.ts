/**
 * Notice documents over HTTP: officers upload to and remove from their agency's drafts (page and
 * API); anyone downloads the documents of a published notice, as an attachment carrying its
 * SHA-256. A refused upload (413 too large, 415 not an accepted type) stores nothing.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError, NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { fieldMessages } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { can, publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import {
  checkNoticeDocuments,
  documentForDownload,
  isUuid,
  MAX_NOTICE_DOCUMENT_BYTES,
  MAX_NOTICE_FILES,
  noticeDocuments,
  noticeDocumentsService,
  parseNoticeMultipart,
  publicDocument,
  sendDocument,
} from './documents.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** Only the `documents` field carries files here. */
async function uploadedDocuments(req: Request, res: Response) {
  const files = await parseNoticeMultipart(req, res);
  const stray = files.find((f) => f.fieldname !== 'documents');
  if (stray)
    throw new AppError('validation_failed', 422, 'validation:failed', {}, [
      { field: stray.fieldname, key: 'addenda:unexpected_file' },
    ]);
  return checkNoticeDocuments(files);
}

async function download(req: Request, res: Response) {
  const doc = await documentForDownload(req.tenant!, req.user, String(req.params.id), String(req.params.documentId));
  if (!doc) throw new NotFoundError('document_not_found', 'addenda:document_not_found');
  sendDocument(res, doc);
}

export function noticeDocumentPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const documents = noticeDocumentsService(services);

  async function page(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const id = String(req.params.id);
    const data = isUuid(id)
      ? await inTenant(req.tenant!, async (tx) => {
          const notice = await tx('notices')
            .where({ id })
            .first<
              { id: string; agency_id: string; title: Record<string, string>; status_details: string } | undefined
            >();
          return notice && { notice, documents: await noticeDocuments(tx, id) };
        })
      : undefined;
    if (!data || !can(req.user, 'notices:manage', data.notice.agency_id))
      throw new NotFoundError('notice_not_found', 'notices:not_found');
    res.status(status).render('notices/documents', {
      title: req.t('addenda:documents_title'),
      noticeId: id,
      noticeTitle: data.notice.title[req.lng] ?? Object.values(data.notice.title)[0] ?? '',
      draft: data.notice.status_details === 'draft',
      documents: data.documents.map((d) => publicDocument(d, req.lng)),
      maxMb: MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024,
      maxFiles: MAX_NOTICE_FILES,
      ...extra,
    });
  }

  router.get('/notices-desk/:id/documents', requirePolicy('notices:manage'), csrf.token, (req, res) => page(req, res));

  router.post(
    '/notices-desk/:id/documents',
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    async (req: Request, res: Response, next: NextFunction) => {
      const refuse = (error: AppError) =>
        csrf.token(
          req,
          res,
          () =>
            void page(req, res, error.status, {
              error: error.details.length > 0 ? fieldMessages(error, req.t).documents : req.t(error.key, error.params),
            }).catch(next),
        );
      let checked;
      try {
        checked = await uploadedDocuments(req, res);
      } catch (error) {
        if (!(error instanceof AppError)) return next(error);
        return refuse(error);
      }
      csrf.protect(req, res, async (csrfError?: unknown) => {
        if (csrfError) return next(csrfError);
        try {
          await documents.upload(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), checked);
          res.redirect(303, `${req.baseUrl}/notices-desk/${String(req.params.id)}/documents`);
        } catch (error) {
          if (!(error instanceof AppError) || error.status === 404) return next(error);
          refuse(error);
        }
      });
    },
  );

  router.post(
    '/notices-desk/:id/documents/:documentId/remove',
    requirePolicy('notices:manage'),
    csrf.protect,
    async (req, res) => {
      const id = String(req.params.id);
      await documents.remove(req.tenant!, req.user!, auditContextOf(req), id, String(req.params.documentId));
      res.redirect(303, `${req.baseUrl}/notices-desk/${id}/documents`);
    },
  );

  router.get('/notices/:id/documents/:documentId', publicRoute, download);
  return router;
}

export function noticeDocumentApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const documents = noticeDocumentsService(services);

  doc.add({
    method: 'get',
    path: '/notices/{id}/documents',
    tag: 'notices',
    summary: 'Documents of a notice, with their SHA-256 (drafts: the agency officers only)',
    authenticated: false,
    responses: { '200': { description: 'Documents' } },
  });
  router.get('/notices/:id/documents', publicRoute, async (req, res) => {
    const id = String(req.params.id);
    const rows = isUuid(id)
      ? await inTenant(req.tenant!, async (tx) => {
          const notice = await tx('notices').where({ id }).first<{ status: string; agency_id: string } | undefined>();
          if (!notice || (notice.status === 'planning' && !can(req.user, 'notices:manage', notice.agency_id)))
            return undefined;
          return noticeDocuments(tx, id);
        })
      : undefined;
    if (!rows) throw new NotFoundError('notice_not_found', 'notices:not_found');
    res.json({ documents: rows.map((d) => publicDocument(d, req.lng)) });
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/documents',
    tag: 'notices',
    summary: `Upload documents to a draft (multipart field "documents"; PDF, PNG, JPEG, DOCX, XLSX, ZIP, HWP; ${
      MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024
    } MB each)`,
    authenticated: true,
    responses: {
      '201': { description: 'Stored; all documents of the draft' },
      '413': { description: 'A file too large, or too many: nothing stored' },
      '429': { description: 'Too many uploads by this account; see Retry-After' },
      '415': { description: 'A file of another type: nothing stored' },
      '422': { description: 'Not a draft, or no file' },
    },
  });
  router.post(
    '/notices/:id/documents',
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    async (req, res) => {
      const checked = await uploadedDocuments(req, res);
      const rows = await documents.upload(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), checked);
      res.status(201).json({ documents: rows.map((d) => publicDocument(d, req.lng)) });
    },
  );

  doc.add({
    method: 'delete',
    path: '/notices/{id}/documents/{documentId}',
    tag: 'notices',
    summary: 'Remove a document from a draft',
    authenticated: true,
    responses: { '204': { description: 'Removed' } },
  });
  router.delete('/notices/:id/documents/:documentId', requirePolicy('notices:manage'), async (req, res) => {
    await documents.remove(
      req.tenant!,
      req.user!,
      auditContextOf(req),
      String(req.params.id),
      String(req.params.documentId),
    );
    res.status(204).end();
  });

  doc.add({
    method: 'get',
    path: '/notices/{id}/documents/{documentId}',
    tag: 'notices',
    summary: 'Download a document (attachment; Repr-Digest carries its SHA-256)',
    authenticated: false,
    responses: { '200': { description: 'The file' } },
  });
  router.get('/notices/:id/documents/:documentId', publicRoute, download);
  return router;
}
