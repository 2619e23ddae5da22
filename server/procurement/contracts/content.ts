/**
 * The contract document: parties, items, value and dates as one JSON object. Its canonical form
 * (RFC 8785, JSON Canonicalization Scheme) is what is hashed with SHA-256 and signed, so the same
 * content always gives the same hash whatever the key order PostgreSQL's jsonb hands back.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export type LocalizedText = Record<string, string>;

export interface ContractDeliverable {
  number: number;
  title: string;
  /** Minor units of the contract currency. */
  amount: number;
  dueOn: string;
  safetyRelated: boolean;
}

export interface ContractContent {
  contractNo: string;
  version: number;
  currency: string;
  notice: { id: string; noticeNo: string | null; title: LocalizedText };
  award: { id: string; amount: number };
  parties: {
    agency: { id: string; code: string; name: LocalizedText };
    supplier: { id: string; legalName: LocalizedText; registrationNo: string };
  };
  value: number;
  startsOn: string;
  endsOn: string;
  deliverables: ContractDeliverable[];
  deposit: { percent: number; amount: number; rules: string[] };
  /** Amendments that led to this version, oldest first. */
  amendments: { number: number; reason: string }[];
}

export interface ContractRow {
  id: string;
  contract_no: string;
  award_id: string;
  notice_id: string;
  supplier_id: string;
  agency_id: string;
  value: string;
  starts_on: string;
  ends_on: string;
  content: ContractContent;
  content_hash: string;
  version: number;
  status: 'awaiting-signatures' | 'active' | 'completed' | 'terminated';
  deposit_percent: string;
  deposit_amount: string;
  applied_rules: string[];
  terminated_at: Date | null;
  termination_reason: string | null;
  created_by: string;
  created_at: Date;
}

export interface SignatureRow {
  id: string;
  contract_id: string;
  version: number;
  party: 'supplier' | 'agency';
  signer_id: string;
  signer_name: string;
  content_hash: string;
  signed_at: Date;
  server_signature: string;
  key_id: string;
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no canonical JSON form');
  return text;
}

export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** Text in the reader's language, else the tenant's default, else any. */
export function textIn(text: LocalizedText | null | undefined, lng: string, fallback: string): string {
  if (!text) return '';
  return text[lng] ?? text[fallback] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** A date column as YYYY-MM-DD (pg returns `date` as text; keep it so whatever the driver gives). */
export function isoDay(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
