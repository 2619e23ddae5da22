/**
 * Registration documents: PDF, PNG or JPEG, at most 5 MB each and 3 per submission, the type
 * decided from the file's content (not its name), stored with its SHA-256.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from '../http/errors.js';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENTS = 3;
const ALLOWED = new Set(['application/pdf', 'image/png', 'image/jpeg']);

export interface CheckedDocument {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

/** Parses multipart forms into memory within the limits; larger uploads are refused unstored. */
export const documentUpload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: MAX_DOCUMENTS, fields: 50 },
});

export class UploadTooLargeError extends AppError {
  constructor() {
    super('upload_too_large', 413, 'suppliers:upload_too_large', {
      mb: MAX_DOCUMENT_BYTES / 1024 / 1024,
      count: MAX_DOCUMENTS,
    });
  }
}

export class UnsupportedUploadError extends AppError {
  constructor(fileName: string) {
    super('upload_type_unsupported', 415, 'suppliers:upload_type_unsupported', { file: fileName });
  }
}

/** Multer first (a CSRF token travels inside the multipart body); its limits become 413s. */
export function receiveDocuments(req: Request, res: Response, field: string): Promise<void> {
  return new Promise((resolve, reject) => {
    documentUpload.array(field, MAX_DOCUMENTS)(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError) return reject(new UploadTooLargeError());
      if (error) return reject(error instanceof Error ? error : new Error('upload failed'));
      resolve();
    });
  });
}

export async function checkDocuments(files: Express.Multer.File[]): Promise<CheckedDocument[]> {
  const checked: CheckedDocument[] = [];
  for (const file of files) {
    const detected = await fileTypeFromBuffer(file.buffer);
    if (!detected || !ALLOWED.has(detected.mime)) throw new UnsupportedUploadError(file.originalname);
    checked.push({
      fileName: file.originalname.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'document',
      contentType: detected.mime,
      size: file.size,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      content: file.buffer,
    });
  }
  return checked;
}

/** A step of a page's chain: receives the registration documents (`documents`) before anything reads the body. */
export function documentsUpload(req: Request, res: Response, next: (error?: unknown) => void): void {
  receiveDocuments(req, res, 'documents').then(() => next(), next);
}
