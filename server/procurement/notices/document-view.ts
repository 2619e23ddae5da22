/** Notice documents as pages and downloads show them: the officers' documents page, the attachment. */
import type { Request, Response } from 'express';
import type { FormPage, FormRefusal } from '../../http/forms.js';
import { MAX_NOTICE_DOCUMENT_BYTES, MAX_NOTICE_FILES } from './errors.js';
import { publicDocument, readDeskDocuments, type DocumentRow } from './documents.js';

/** Sends a stored document as an attachment, with its type and its SHA-256 (RFC 9530). */
export function sendDocument(res: Response, doc: DocumentRow & { content: Buffer }): void {
  res.attachment(doc.file_name);
  res.type(doc.content_type);
  res.set('Repr-Digest', `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
  res.set('ETag', `"${doc.sha256}"`);
  res.send(doc.content);
}

/** The message above the upload form: the documents field's, or the refusal itself. */
function refusalLine(refusal: FormRefusal): string | undefined {
  return Object.keys(refusal.errors).length > 0 ? refusal.errors.documents : refusal.error;
}

/** The officers' documents page of a notice (upload to a draft, remove). */
export const documentsPage: FormPage = async (req: Request, res: Response, refusal?: FormRefusal) => {
  const id = String(req.params.id);
  const data = await readDeskDocuments(req.actor, id);
  res.render('notices/documents', {
    title: req.t('addenda:documents_title'),
    noticeId: id,
    noticeTitle: data.notice.title[req.lng] ?? Object.values(data.notice.title)[0] ?? '',
    draft: data.notice.status_details === 'draft',
    documents: data.documents.map((d) => publicDocument(d, req.lng)),
    maxMb: MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024,
    maxFiles: MAX_NOTICE_FILES,
    ...(refusal ? { error: refusalLine(refusal) } : {}),
  });
};
