/**
 * Reading openings: the published record, and the shape of what the notice page shows about
 * bidding and opening (read with the page, notices/page-read.ts).
 */
import type { Actor } from '../../identity/actor.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { NotOpenedError } from './errors.js';
import { openingRecord, publishedRecord, type OpeningRecord } from './record.js';

/** The published opening record; a tender not opened yet has none (404). */
export async function readOpening(actor: Actor, noticeId: string): Promise<OpeningRecord> {
  const record = await inTenant(actor.tenant, (tx) => openingRecord(tx, noticeId));
  if (!record) throw new NotOpenedError();
  return publishedRecord(record);
}

export interface OpeningState {
  record: OpeningRecord | undefined;
  /** The tenant's time. */
  at: Date;
  /** The direct contract chosen after a failed tender, if one was. */
  decision: { reason: string; justification: string; applied_rules: string[] } | undefined;
}
