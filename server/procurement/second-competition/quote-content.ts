/**
 * A quote's sealed content and its receipt hash: a salted SHA-256 of the JCS-canonical content, as
 * for bids (bids/receipt.ts). The salt travels inside the sealed content, so the opening recomputes
 * exactly the hash the supplier was given.
 */
import { createHash, randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sealLabel } from '../../crypto/sealed-box.js';

export interface QuoteLine {
  number: number;
  unitPrice: number;
}

export interface QuoteContent {
  receiptNo: string;
  orderNo: string;
  /** The supplier's registration number. */
  supplier: string;
  submittedAt: string;
  lines: QuoteLine[];
  salt: string;
}

export const newSalt = () => randomBytes(16).toString('base64url');

export function quoteHash(content: QuoteContent): string {
  return createHash('sha256').update(canonicalize(content)!).digest('hex');
}

/** Associated data binding a sealed quote to its tenant, competition and quote ('price' envelope). */
export const quoteLabel = (slug: string, competitionId: string, quoteId: string) =>
  sealLabel(slug, competitionId, quoteId, 'price');

/** `Q26-000042`: the year of the tenant's date and a tenant-wide serial. */
export const quoteReceiptNo = (today: string, serial: string) => `Q${today.slice(2, 4)}-${serial.padStart(6, '0')}`;
