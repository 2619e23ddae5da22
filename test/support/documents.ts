/** Tender documents for tests: publication requires them (required-documents in tenants/*.yaml). */
import type { Express } from 'express';
import request from 'supertest';

/** A minimal PDF: the tender document a notice carries. */
export const TENDER_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/**
 * Uploads the tender documents publication requires (required-documents in tenants/*.yaml: one;
 * in korea two for a negotiated tender), named tender-1.pdf, tender-2.pdf …
 */
export async function attachTenderDocuments(
  target: { app: Express; slug: string; auth: Record<string, string>; base?: string },
  noticeId: string,
  count = 1,
): Promise<void> {
  let upload = request(target.app)
    .post(`${target.base ?? `/t/${target.slug}`}/api/v1/notices/${noticeId}/documents`)
    .set(target.auth);
  for (let i = 1; i <= count; i++) upload = upload.attach('documents', TENDER_PDF, `tender-${i}.pdf`);
  const stored = await upload;
  if (stored.status !== 201) throw new Error(`documents refused: ${JSON.stringify(stored.body)}`);
}
