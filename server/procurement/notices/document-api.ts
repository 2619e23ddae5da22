/**
 * Notice documents as JSON: officers upload to and remove from their agency's drafts; anyone lists
 * and downloads the documents of a published notice. A refused upload (413 too large, 415 not an
 * accepted type) stores nothing.
 */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { sendDocument } from './document-view.js';
import { noticeDocumentsService, publicDocument, readDocumentForDownload, readNoticeDocuments } from './documents.js';
import { MAX_NOTICE_DOCUMENT_BYTES } from './errors.js';
import { DocumentParams, DocumentsAnswer } from './schema.js';
import { checkedFiles, checkFiles, noticeUpload } from './uploads.js';

const operation = operations('notices');

export function noticeDocumentApi(services: Pick<Deps, 'audit' | 'limits'>): Router {
  const router = Router();
  const documents = noticeDocumentsService(services);

  router.get(
    '/notices/:id/documents',
    operation({
      id: 'listNoticeDocuments',
      summary: 'Documents of a notice, with their SHA-256 (drafts: the agency officers only)',
      responses: { 200: { description: 'Documents', schema: DocumentsAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      const rows = await readNoticeDocuments(req.actor, req.params.id);
      res.json({ documents: rows.map((d) => publicDocument(d, req.lng)) });
    },
  );

  router.post(
    '/notices/:id/documents',
    operation({
      id: 'uploadNoticeDocuments',
      summary: `Upload documents to a draft (multipart field "documents"; PDF, PNG, JPEG, DOCX, XLSX, ZIP, HWP; ${
        MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024
      } MB each)`,
      upload: 'documents',
      responses: {
        201: { description: 'Stored; all documents of the draft', schema: DocumentsAnswer },
        413: 'A file too large, or too many: nothing stored',
        415: 'A file of another type: nothing stored',
        422: 'Not a draft, or no file',
        429: 'Too many uploads by this account; see Retry-After',
        507: 'The database is out of disk space: nothing stored',
      },
    }),
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    noticeUpload,
    checkFiles((field) => field === 'documents'),
    validate({ params: IdParams }),
    async (req, res) => {
      const rows = await documents.upload(
        req.actor,
        req.params.id,
        checkedFiles(req).map((f) => f.document),
      );
      res.status(201).json({ documents: rows.map((d) => publicDocument(d, req.lng)) });
    },
  );

  router.delete(
    '/notices/:id/documents/:documentId',
    operation({
      id: 'removeNoticeDocument',
      summary: 'Remove a document from a draft',
      responses: { 204: 'Removed' },
    }),
    requirePolicy('notices:manage'),
    validate({ params: DocumentParams }),
    async (req, res) => {
      await documents.remove(req.actor, req.params.id, req.params.documentId);
      res.status(204).end();
    },
  );

  router.get(
    '/notices/:id/documents/:documentId',
    operation({
      id: 'downloadNoticeDocument',
      summary: 'Download a document (attachment; Repr-Digest carries its SHA-256)',
      responses: { 200: { description: 'The file', file: 'application/octet-stream' } },
    }),
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
