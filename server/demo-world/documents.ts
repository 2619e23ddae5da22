/** The documents a demo world attaches: small PDFs whose text names what they are. */
import { createHash } from 'node:crypto';
import type { CheckedDocument } from '../suppliers/documents.js';

/** A minimal valid PDF carrying `name`, checked as an upload would be (type, size, SHA-256). */
export function demoPdf(name: string): CheckedDocument {
  const content = Buffer.from(
    `%PDF-1.4\n% ${name}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
  return {
    fileName: `${name}.pdf`,
    contentType: 'application/pdf',
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  };
}
