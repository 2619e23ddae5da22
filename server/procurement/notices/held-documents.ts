/**
 * The files of an addendum waiting for its mutual check, held under the ids they will have as
 * notice documents: stored when the officer asks (the upload is over then), made notice documents
 * when a second officer approves, let go when the request is returned.
 */
import type { Knex } from 'knex';
import type { CheckedDocument } from '../../suppliers/documents.js';
import type { PlacedDocuments } from './addendum-input.js';

interface HeldRow {
  id: string;
  replaces: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
}

export async function holdDocuments(
  tx: Knex.Transaction,
  held: { approvalId: string; noticeId: string; uploadedBy: string },
  placed: PlacedDocuments,
): Promise<void> {
  const rows = [...placed.added.map((d) => ({ ...d, replaces: null })), ...placed.replacing].map(
    ({ id, document: d, replaces }) => ({
      id,
      approval_id: held.approvalId,
      notice_id: held.noticeId,
      replaces,
      file_name: d.fileName,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      content: d.content,
      uploaded_by: held.uploadedBy,
    }),
  );
  if (rows.length > 0) await tx('held_notice_documents').insert(rows);
}

const document = (row: HeldRow): CheckedDocument => ({
  fileName: row.file_name,
  contentType: row.content_type,
  size: row.size,
  sha256: row.sha256,
  content: row.content,
});

/** The held files of a request, placed as the addendum will store them, and who uploaded them. */
export async function heldDocuments(
  tx: Knex.Transaction,
  approvalId: string,
): Promise<{ placed: PlacedDocuments; uploadedBy: string | undefined }> {
  const rows = await tx('held_notice_documents')
    .where({ approval_id: approvalId })
    .orderBy('held_at')
    .select<HeldRow[]>('*');
  return {
    placed: {
      added: rows.filter((r) => !r.replaces).map((r) => ({ id: r.id, document: document(r) })),
      replacing: rows
        .filter((r) => r.replaces)
        .map((r) => ({ id: r.id, document: document(r), replaces: r.replaces! })),
    },
    uploadedBy: rows[0]?.uploaded_by,
  };
}

/** Lets the held files of a decided request go. */
export async function releaseDocuments(tx: Knex.Transaction, approvalId: string): Promise<void> {
  await tx('held_notice_documents').where({ approval_id: approvalId }).delete();
}
