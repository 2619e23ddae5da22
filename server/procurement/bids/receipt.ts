/**
 * The receipt of a sealed bid and the hash it carries: a salted SHA-256 of the JCS-canonical
 * submission. The bidder re-checks it with the salt; the opening recomputes it from the unsealed
 * envelopes (opening/service.ts), so both sides hash exactly the same content.
 */
import { createHash, randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CheckedDocument } from '../../suppliers/documents.js';

export interface ReceiptFile {
  name: string;
  sha256: string;
  size: number;
}

export interface Receipt {
  bidId: string;
  receiptNo: string;
  noticeNo: string;
  lot: number;
  status: 'current' | 'replaced' | 'withdrawn';
  submittedAt: string;
  /** SHA-256 (hex) of the JCS-canonical submission, salt included; the salt lets the bidder re-check it. */
  sha256: string;
  salt: string;
  files: ReceiptFile[];
  replaced: string | null;
  /** The credential id of the passkey that confirmed the bid (its assertion is stored with the receipt). */
  passkeyCredentialId?: string;
}

/** The price envelope's content. */
export interface PriceEnvelope {
  price: number;
  bidSecurityAmount: number;
  picks: number[];
  /** A framework notice's unit prices by item (only then: other bids hash exactly as before). */
  priceList?: { item: number; unitPrice: number }[];
}

/** The technical envelope's content. */
export interface TechnicalEnvelope {
  technicalNote: string;
  files: ReceiptFile[];
  salt: string;
}

/** Everything the receipt hash covers. */
export interface SubmissionContent {
  receiptNo: string;
  noticeNo: string | null;
  lot: number;
  /** The supplier's registration number. */
  supplier: string;
  submittedAt: string;
  price: PriceEnvelope;
  technical: TechnicalEnvelope;
}

export function submissionHash(content: SubmissionContent): string {
  const { price, technical, ...head } = content;
  return createHash('sha256')
    .update(canonicalize({ ...head, ...price, ...technical })!)
    .digest('hex');
}

/** `R26BK00000001-000-B000042`: the notice's number (its id before it has one) and a tenant-wide serial. */
export function receiptNumber(notice: { id: string; notice_no: string | null }, serial: string): string {
  return `${notice.notice_no ?? notice.id}-B${serial.padStart(6, '0')}`;
}

/** The two envelopes of a submission, with a fresh salt in the technical one. */
export function envelopesOf(
  input: {
    price: number;
    bidSecurityAmount: number;
    technicalNote?: string;
    priceList?: { item: number; unitPrice: number }[];
  },
  picks: number[],
  files: CheckedDocument[],
  salt = randomBytes(16).toString('base64url'),
): { price: PriceEnvelope; technical: TechnicalEnvelope } {
  const fileList = files.map((f) => ({ name: f.fileName, sha256: f.sha256, size: f.size }));
  return {
    price: {
      price: input.price,
      bidSecurityAmount: input.bidSecurityAmount,
      picks,
      ...(input.priceList ? { priceList: input.priceList } : {}),
    },
    technical: { technicalNote: input.technicalNote ?? '', files: fileList, salt },
  };
}
