/**
 * The opening record: written once when a tender is opened and published as it stands (bidders,
 * prices, verified receipt hashes, the reserve price, same-source flags, the rules applied).
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';

export interface OpenedBid {
  receiptNo: string;
  supplier: { registrationNo: string; name: Record<string, string> };
  lot: number;
  submittedAt: string;
  sha256: string;
  price: number | null;
  bidSecurityAmount: number | null;
  picks: number[] | null;
  /**
   * A framework bid's unit prices, unsealed with its price; the award concludes the agreement from
   * them (frameworks/conclusion.ts). Kept out of the published record: public once concluded only.
   */
  priceList?: { item: number; unitPrice: number }[];
  files: { name: string; sha256: string; size: number }[];
  valid: boolean;
  invalidReason: string | null;
  /** The receipt hash recomputed from the unsealed contents (null while the price envelope is sealed). */
  hashVerified: boolean | null;
}

export interface OpeningRecord {
  noticeId: string;
  envelope: 'single' | 'technical';
  outcome: 'opened' | 'failed';
  openedAt: string;
  minimumValidBids: number;
  validBids: number;
  bids: OpenedBid[];
  reserve: { candidates: number[]; counts: number[]; chosen: number[]; reservePrice: number; rule: string } | null;
  flags: { kind: 'same-device' | 'same-address' | 'same-authenticator'; receipts: string[] }[];
  rules: string[];
}

/** The record of a notice's opening, if it was opened (an id that is no UUID names none). */
export async function openingRecord(tx: Knex.Transaction, noticeId: string): Promise<OpeningRecord | undefined> {
  if (!isUuid(noticeId)) return undefined;
  const row = await tx('tender_openings').where({ notice_id: noticeId }).first<{ record: OpeningRecord } | undefined>();
  return row?.record;
}

/** The record as published: a framework bid's price list stays with the agreement (frameworks/). */
export function publishedRecord(record: OpeningRecord): OpeningRecord {
  return { ...record, bids: record.bids.map(({ priceList: _priceList, ...bid }) => bid) };
}
