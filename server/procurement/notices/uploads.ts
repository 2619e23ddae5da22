/**
 * Files sent with a notice's documents or an addendum: PDF, PNG, JPEG, Word (DOCX), Excel (XLSX),
 * ZIP or HWP, at most 20 MB each, the type decided from the content (not the name). The pattern
 * (multer in memory, file-type, nothing stored on a refusal) is that of supplier registration
 * documents (server/suppliers/documents.ts), with their error ids; the limits and messages are
 * these. Two steps of a route's chain: noticeUpload parses the multipart body, checkFiles checks
 * the files; the handler reads what was checked with checkedFiles(req).
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import multer from 'multer';
import type { CheckedDocument } from '../../suppliers/documents.js';
import {
  MAX_NOTICE_DOCUMENT_BYTES,
  MAX_NOTICE_FILES,
  NoticeUploadTooLargeError,
  NoticeUploadTypeError,
  UnexpectedFileError,
} from './errors.js';

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

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_NOTICE_DOCUMENT_BYTES, files: MAX_NOTICE_FILES, fields: 50 },
});

/**
 * Parses a multipart form into memory (any file field; checkFiles checks the names). Runs before
 * the CSRF check of a page, whose token travels inside the body. Requests that are not multipart pass.
 */
export function noticeUpload(req: Request, res: Response, next: NextFunction): void {
  upload.any()(req, res, (error?: unknown) => {
    if (error instanceof multer.MulterError) return next(new NoticeUploadTooLargeError());
    if (error) return next(error instanceof Error ? error : new Error('upload failed'));
    next();
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

/** A checked file and the form field it came in. */
export interface CheckedFile {
  field: string;
  document: CheckedDocument;
}

const checkedByRequest = new WeakMap<Request, CheckedFile[]>();

/**
 * A step: refuses a file in a field `accepts` does not name (422), then checks each file's type
 * (415), in the order they came; nothing is stored either way.
 */
export function checkFiles(accepts: (field: string) => boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const sent = (req.files as Express.Multer.File[] | undefined) ?? [];
    // Added documents are checked before replacements, whatever order they came in.
    const files = [
      ...sent.filter((f) => f.fieldname === 'documents'),
      ...sent.filter((f) => f.fieldname !== 'documents'),
    ];
    const stray = sent.find((f) => !accepts(f.fieldname));
    if (stray) return next(new UnexpectedFileError(stray.fieldname));
    checkNoticeDocuments(files)
      .then((documents) => {
        checkedByRequest.set(
          req,
          documents.map((document, i) => ({ field: files[i]!.fieldname, document })),
        );
        next();
      })
      .catch(next);
  };
}

/** The files checkFiles let through (none when the request was not multipart). */
export function checkedFiles(req: Request): CheckedFile[] {
  return checkedByRequest.get(req) ?? [];
}
