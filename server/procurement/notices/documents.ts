/**
 * Tender documents of a notice, stored with their SHA-256 for suppliers to check what they
 * downloaded (the files are checked in uploads.ts). Officers upload to a draft; after publication
 * the documents change only through an addendum (addenda.ts), and a replaced document stays on
 * record, pointing to its successor.
 */
import { assertNothingPending } from '../../approvals/mutual-checks.js';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { ValidationError } from '../../http/validate.js';
import { intlLocale } from '../../i18n/format.js';
import type { Language } from '../../i18n/languages.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { CheckedDocument } from '../../suppliers/documents.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { DocumentNotFoundError, NoticeNotFoundError, NoticeStateError } from './errors.js';
import { numberFormat } from '../../i18n/intl-cache.js';

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

/** "1.2 MB", "340 kB", "0.059 kB" in the reader's language: a file under 1 kB is not "0 kB". */
export function sizeText(bytes: number, lng: Language): string {
  const mb = bytes >= 1024 * 1024;
  return numberFormat(intlLocale(lng), {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    ...(bytes < 1024 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 1 }),
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
  title: Record<string, string>;
}

async function draftNotice(tx: Knex.Transaction, user: SessionUser, noticeId: string): Promise<NoticeFacts> {
  const notice = await tx<NoticeFacts>('notices').where({ id: noticeId }).forUpdate().first();
  if (!notice) throw new NoticeNotFoundError();
  assertCan(user, 'notices:manage', notice.agency_id);
  if (notice.status_details !== 'draft') throw new NoticeStateError('addenda:documents_only_on_draft', 'documents');
  // A draft sent for a mutual check stays as the checker will read it.
  await assertNothingPending(tx, { targetType: 'notice', targetId: noticeId });
  return notice;
}

export function noticeDocumentsService(services: Pick<Deps, 'audit'>) {
  return {
    /** Adds documents to a draft notice of the officer's agency. */
    async upload(actor: Actor, noticeId: string, documents: CheckedDocument[]): Promise<DocumentRow[]> {
      const user = actor.user;
      assertCan(user, 'notices:manage');
      if (documents.length === 0) throw new ValidationError([{ field: 'documents', key: 'validation:required' }]);
      return inTenant(actor.tenant, async (tx) => {
        const notice = await draftNotice(tx, user, noticeId);
        const stored = documents.map((document) => ({ id: randomUUID(), document }));
        await storeDocuments(tx, notice.id, null, user.id, stored);
        await services.audit.record(tx, actor.tenant, actor.audit, {
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
    async remove(actor: Actor, noticeId: string, documentId: string): Promise<void> {
      const user = actor.user;
      assertCan(user, 'notices:manage');
      await inTenant(actor.tenant, async (tx) => {
        const notice = await draftNotice(tx, user, noticeId);
        const doc = await tx('notice_documents')
          .where({ id: documentId, notice_id: notice.id })
          .first<DocumentRow | undefined>(...COLUMNS);
        if (!doc) throw new DocumentNotFoundError();
        await tx('notice_documents').where({ id: doc.id }).delete();
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.document-removed',
          target: { type: 'notice', id: notice.id },
          summary: { before: { file: doc.file_name, sha256: doc.sha256 } },
        });
      });
    },
  };
}

/** The notice, when the actor may see it: anyone once published, only the agency's officers before. */
async function visibleNotice(tx: Knex.Transaction, actor: Actor, noticeId: string) {
  const notice = await tx<NoticeFacts>('notices').where({ id: noticeId }).first();
  if (!notice || (notice.status === 'planning' && !can(actor.user, 'notices:manage', notice.agency_id)))
    return undefined;
  return notice;
}

/** The documents of a notice the actor may see (drafts: the agency's officers only). */
export async function readNoticeDocuments(actor: Actor, noticeId: string): Promise<DocumentRow[]> {
  const rows = await inTenant(actor.tenant, async (tx) =>
    (await visibleNotice(tx, actor, noticeId)) ? noticeDocuments(tx, noticeId) : undefined,
  );
  if (!rows) throw new NoticeNotFoundError();
  return rows;
}

/** A document with its content, for download: anyone for a published notice, only the agency's officers for a draft. */
export async function readDocumentForDownload(
  actor: Actor,
  ids: { noticeId: string; documentId: string },
): Promise<DocumentRow & { content: Buffer }> {
  const doc = await inTenant(actor.tenant, async (tx) =>
    (await visibleNotice(tx, actor, ids.noticeId))
      ? tx('notice_documents')
          .where({ id: ids.documentId, notice_id: ids.noticeId })
          .first<(DocumentRow & { content: Buffer }) | undefined>(...COLUMNS, 'content')
      : undefined,
  );
  if (!doc) throw new DocumentNotFoundError();
  return doc;
}

/** A notice and all its documents, for the agency's officers (the documents desk page). */
export async function readDeskDocuments(
  actor: Actor,
  noticeId: string,
): Promise<{ notice: NoticeFacts; documents: DocumentRow[] }> {
  const data = await inTenant(actor.tenant, async (tx) => {
    const notice = await tx<NoticeFacts>('notices').where({ id: noticeId }).first();
    return notice && { notice, documents: await noticeDocuments(tx, noticeId) };
  });
  if (!data || !can(actor.user, 'notices:manage', data.notice.agency_id)) throw new NoticeNotFoundError();
  return data;
}
