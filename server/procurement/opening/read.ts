/** Reading openings: the published record, and what the notice page shows about bidding and opening. */
import type { Actor } from '../../identity/actor.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { NotOpenedError } from './errors.js';
import { openingRecord, type OpeningRecord } from './record.js';

/** The published opening record; a tender not opened yet has none (404). */
export async function readOpening(actor: Actor, noticeId: string): Promise<OpeningRecord> {
  const record = await inTenant(actor.tenant, (tx) => openingRecord(tx, noticeId));
  if (!record) throw new NotOpenedError();
  return record;
}

export interface OpeningState {
  record: OpeningRecord | undefined;
  /** The tenant's time. */
  at: Date;
  /** The direct contract chosen after a failed tender, if one was. */
  decision: { reason: string; justification: string; applied_rules: string[] } | undefined;
}

/** A notice's opening as its page shows it: the record, the time, and a direct-contract decision. */
export function openingState(actor: Actor, noticeId: string): Promise<OpeningState> {
  return inTenant(actor.tenant, async (tx) => ({
    record: await openingRecord(tx, noticeId),
    at: await now(tx),
    decision: await tx('direct_contract_decisions').where({ notice_id: noticeId }).first<OpeningState['decision']>(),
  }));
}
