/**
 * Tender documents of a notice: PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), ZIP or HWP, at most
 * 20 MB each, the type decided from the content (not the name), stored with its SHA-256 for
 * suppliers to check what they downloaded. Officers upload to a draft; after publication the
 * documents change only through an addendum (addenda.ts), and a replaced document stays on
 * record, pointing to its successor. The pattern (multer in memory, file-type, nothing stored on
 * a refusal) is that of supplier registration documents (server/suppliers/documents.ts), with
 * their error ids; the limits and messages are these.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import type { Knex } from 'knex';
import multer from 'multer';
import type { AuditContext } from '../../audit/trail.js';
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { intlLocale } from '../../i18n/format.js';
import type { Language } from '../../i18n/languages.js';
import { assertCan, can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { Deps } from '../../deps.js';
import type { CheckedDocument } from '../../suppliers/documents.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

export const MAX_NOTICE_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_NOTICE_FILES = 10;

/** Detected media type → the extension a download carries. */
const ALLOWED: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/zip': 'zip',
  'application/x-hwp': 'hwp',
};
/** HWP 5 is an OLE compound file whose FileHeader stream begins with this signature. */
const HWP_SIGNATURE = Buffer.from('HWP Document File', 'ascii');

export const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

export class NoticeUploadTooLargeError extends AppError {
  constructor() {
    super('upload_too_large', 413, 'addenda:upload_too_large', {
      mb: MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024,
      count: MAX_NOTICE_FILES,
    });
  }
}

export class NoticeUploadTypeError extends AppError {
  constructor(fileName: string) {
    super('upload_type_unsupported', 415, 'addenda:upload_type_unsupported', { file: fileName });
  }
}

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_NOTICE_DOCUMENT_BYTES, files: MAX_NOTICE_FILES, fields: 50 },
});

/**
 * Parses a multipart form into memory (any file field; callers check the names). Runs before the
 * CSRF check of a page, whose token travels inside the body. Requests that are not multipart pass.
 */
export function parseNoticeMultipart(req: Request, res: Response): Promise<Express.Multer.File[]> {
  return new Promise((resolve, reject) => {
    upload.any()(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError) return reject(new NoticeUploadTooLargeError());
      if (error) return reject(error instanceof Error ? error : new Error('upload failed'));
      resolve((req.files as Express.Multer.File[] | undefined) ?? []);
    });
  });
}

async function mediaType(buffer: Buffer): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(buffer);
  if (detected?.mime === 'application/x-cfb') return buffer.includes(HWP_SIGNATURE) ? 'application/x-hwp' : undefined;
  return detected && ALLOWED[detected.mime] ? detected.mime : undefined;
}

/** Checks every file before anything is stored; the name gets the extension of what it is. */
export async function checkNoticeDocuments(files: Express.Multer.File[]): Promise<CheckedDocument[]> {
  const checked: CheckedDocument[] = [];
  for (const file of files) {
    const type = await mediaType(file.buffer);
    if (!type) throw new NoticeUploadTypeError(file.originalname);
    const ext = ALLOWED[type]!;
    const base = file.originalname.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'document';
    const fits = base.toLowerCase().endsWith(`.${ext}`) || (ext === 'jpg' && /\.jpe?g$/i.test(base));
    checked.push({
      fileName: fits ? base : `${base}.${ext}`,
      contentType: type,
      size: file.size,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      content: file.buffer,
    });
  }
  return checked;
}

export interface DocumentRow {
  id: string;
  notice_id: string;
  addendum_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  superseded_by: string | null;
}

const COLUMNS = [
  'id',
  'notice_id',
  'addendum_id',
  'file_name',
  'content_type',
  'size',
  'sha256',
  'uploaded_at',
  'superseded_by',
];

export function noticeDocuments(tx: Knex.Transaction, noticeId: string): Promise<DocumentRow[]> {
  return tx('notice_documents')
    .where({ notice_id: noticeId })
    .orderBy('uploaded_at')
    .orderBy('file_name')
    .select<DocumentRow[]>(...COLUMNS);
}

/** Stores checked documents (ids chosen by the caller, so an addendum can name them first). */
export async function storeDocuments(
  tx: Knex.Transaction,
  noticeId: string,
  addendumId: string | null,
  uploadedBy: string,
  documents: { id: string; document: CheckedDocument }[],
): Promise<void> {
  if (documents.length === 0) return;
  await tx('notice_documents').insert(
    documents.map(({ id, document: d }) => ({
      id,
      notice_id: noticeId,
      addendum_id: addendumId,
      file_name: d.fileName,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      content: d.content,
      uploaded_by: uploadedBy,
    })),
  );
}

/** "1.2 MB" in the reader's language. */
export function sizeText(bytes: number, lng: Language): string {
  const mb = bytes >= 1024 * 1024;
  return new Intl.NumberFormat(intlLocale(lng), {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes / (mb ? 1024 * 1024 : 1024));
}

export function publicDocument(d: DocumentRow, lng: Language) {
  return {
    id: d.id,
    fileName: d.file_name,
    contentType: d.content_type,
    size: d.size,
    sizeText: sizeText(d.size, lng),
    sha256: d.sha256,
    uploadedAt: d.uploaded_at.toISOString(),
    addendumId: d.addendum_id,
    supersededBy: d.superseded_by,
  };
}

interface NoticeFacts {
  id: string;
  agency_id: string;
  status: string;
  status_details: string;
}

async function draftNotice(tx: Knex.Transaction, user: SessionUser, noticeId: string): Promise<NoticeFacts> {
  const notice = isUuid(noticeId)
    ? await tx<NoticeFacts>('notices').where({ id: noticeId }).forUpdate().first()
    : undefined;
  if (!notice) throw new NotFoundError('notice_not_found', 'notices:not_found');
  assertCan(user, 'notices:manage', notice.agency_id);
  if (notice.status_details !== 'draft')
    throw new ValidationError([{ field: 'documents', key: 'addenda:documents_only_on_draft' }]);
  return notice;
}

export function noticeDocumentsService(services: Pick<Deps, 'audit'>) {
  return {
    /** Adds documents to a draft notice of the officer's agency. */
    async upload(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      noticeId: string,
      documents: CheckedDocument[],
    ): Promise<DocumentRow[]> {
      assertCan(user, 'notices:manage');
      if (documents.length === 0) throw new ValidationError([{ field: 'documents', key: 'validation:required' }]);
      return inTenant(tenant, async (tx) => {
        const notice = await draftNotice(tx, user, noticeId);
        const stored = documents.map((document) => ({ id: randomUUID(), document }));
        await storeDocuments(tx, notice.id, null, user.id, stored);
        await services.audit.record(tx, tenant, context, {
          action: 'notice.documents-uploaded',
          target: { type: 'notice', id: notice.id },
          summary: {
            after: { documents: documents.map((d) => ({ file: d.fileName, sha256: d.sha256, size: d.size })) },
          },
        });
        return noticeDocuments(tx, notice.id);
      });
    },

    /** Removes a document from a draft (nobody outside the agency has seen it yet). */
    async remove(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      noticeId: string,
      documentId: string,
    ): Promise<void> {
      await inTenant(tenant, async (tx) => {
        const notice = await draftNotice(tx, user, noticeId);
        const doc = isUuid(documentId)
          ? await tx('notice_documents')
              .where({ id: documentId, notice_id: notice.id })
              .first<DocumentRow | undefined>(...COLUMNS)
          : undefined;
        if (!doc) throw new NotFoundError('document_not_found', 'addenda:document_not_found');
        await tx('notice_documents').where({ id: doc.id }).delete();
        await services.audit.record(tx, tenant, context, {
          action: 'notice.document-removed',
          target: { type: 'notice', id: notice.id },
          summary: { before: { file: doc.file_name, sha256: doc.sha256 } },
        });
      });
    },
  };
}

/**
 * A document with its content, for download: anyone for a published notice, only the agency's
 * officers for a draft.
 */
export async function documentForDownload(
  tenant: TenantHandle,
  user: SessionUser | undefined,
  noticeId: string,
  documentId: string,
): Promise<(DocumentRow & { content: Buffer }) | undefined> {
  if (!isUuid(noticeId) || !isUuid(documentId)) return undefined;
  return inTenant(tenant, async (tx) => {
    const notice = await tx<NoticeFacts>('notices').where({ id: noticeId }).first();
    if (!notice || (notice.status === 'planning' && !can(user, 'notices:manage', notice.agency_id))) return undefined;
    return tx('notice_documents')
      .where({ id: documentId, notice_id: noticeId })
      .first<(DocumentRow & { content: Buffer }) | undefined>(...COLUMNS, 'content');
  });
}

/** Sends a stored document as an attachment, with its type and its SHA-256 (RFC 9530). */
export function sendDocument(res: Response, doc: DocumentRow & { content: Buffer }): void {
  res.attachment(doc.file_name);
  res.type(doc.content_type);
  res.set('Repr-Digest', `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
  res.set('ETag', `"${doc.sha256}"`);
  res.send(doc.content);
}
