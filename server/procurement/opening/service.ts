/**
 * Opening a tender: exactly once, at or after its opening time, by the opening job or by an
 * officer. The sealed envelopes due now are unsealed (audited by the sealed box), each bid's
 * standing is checked again, receipt hashes are verified, the reserve price is computed under
 * multiple reserve prices, and bids from one device, address or passkey authenticator are flagged. Fewer valid bids than
 * the rule's minimum fail the tender. The record is written once and published as it stands.
 */
import type { Knex } from 'knex';
import { sealLabel, type Envelope } from '../../crypto/sealed-box.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { minimumValidBids } from '../../regulations/decisions.js';
import { multipleReservePrice, reservePrice } from '../../regulations/reserve-price.js';
import { integrityFlagsRequest } from '../../integrity/flags-request.js';
import { bidEligibility, type SupplierStanding } from '../../suppliers/eligibility.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { submissionHash, type PriceEnvelope, type TechnicalEnvelope } from '../bids/receipt.js';
import type { NoticeRow } from '../notices/read.js';
import { NoticeNotActiveError, NoticeNotFoundError } from './errors.js';
import { openingRecord, type OpenedBid, type OpeningRecord } from './record.js';

export { openingRecord, type OpenedBid, type OpeningRecord } from './record.js';

type OpeningDeps = Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'relay'>;
type Unseal = (label: string, sealed: string) => Buffer;

interface BidRow extends SupplierStanding {
  id: string;
  supplier_id: string;
  receipt_no: string;
  lot: number;
  submitted_at: Date;
  submission_hash: string;
  sealed_price: string;
  sealed_technical: string;
  client_address: string | null;
  device_id: string | null;
  /** The passkey that confirmed the bid (passkeys/bid-confirmation.ts), if one did. */
  credential_id: string | null;
  registration_no: string;
  legal_name: Record<string, string>;
  submitted_by: string;
}

/** What one opening works with: the notice, the tenant's time, and the unsealer of the envelopes due. */
interface Opening {
  actor: Actor;
  notice: NoticeRow;
  at: Date;
  twoEnvelope: boolean;
  unseal: Unseal;
}

/** Receipts that share a device, an address or a passkey credential across different suppliers. */
function sameSourceFlags(bids: BidRow[]): OpeningRecord['flags'] {
  const flags: OpeningRecord['flags'] = [];
  for (const [kind, key] of [
    ['same-device', 'device_id'],
    ['same-address', 'client_address'],
    ['same-authenticator', 'credential_id'],
  ] as const) {
    const groups = new Map<string, BidRow[]>();
    for (const bid of bids) {
      const value = bid[key];
      if (value) groups.set(value, [...(groups.get(value) ?? []), bid]);
    }
    for (const group of groups.values()) {
      if (new Set(group.map((b) => b.supplier_id)).size > 1)
        flags.push({ kind, receipts: group.map((b) => b.receipt_no) });
    }
  }
  return flags;
}

/** The notice, locked for the opening; an officer must be of its agency (the job opens any). */
async function lockedNotice(tx: Knex.Transaction, actor: Actor, noticeId: string): Promise<NoticeRow> {
  const notice = await tx<NoticeRow>('notices').where({ id: noticeId }).forUpdate().first();
  if (!notice || notice.status === 'planning') throw new NoticeNotFoundError();
  if (actor.user) assertCan(actor.user, 'notices:manage', notice.agency_id);
  return notice;
}

/** The current bids with their suppliers' standing, in the order they were submitted. */
function currentBids(tx: Knex.Transaction, noticeId: string): Promise<BidRow[]> {
  return tx('bids as b')
    .join('suppliers as s', 's.id', 'b.supplier_id')
    .leftJoin('bid_passkey_assertions as a', 'a.bid_id', 'b.id')
    .where({ 'b.notice_id': noticeId, 'b.status': 'current' })
    .orderBy('b.submitted_at')
    .select<BidRow[]>(
      'b.*',
      's.registration_no',
      's.legal_name',
      's.status',
      's.valid_until',
      's.debarred_from',
      's.debarred_until',
      's.debarment_reason',
      'a.credential_id',
    );
}

/** One bid as the record shows it: its envelopes unsealed (the price one under a single envelope), its standing and hash checked. */
function openBid(opening: Opening, b: BidRow): OpenedBid {
  const { notice, unseal } = opening;
  const slug = opening.actor.tenant.slug;
  const technical = JSON.parse(
    unseal(sealLabel(slug, notice.id, b.id, 'technical'), b.sealed_technical).toString(),
  ) as TechnicalEnvelope;
  const price = opening.twoEnvelope
    ? null
    : (JSON.parse(unseal(sealLabel(slug, notice.id, b.id, 'price'), b.sealed_price).toString()) as PriceEnvelope);
  const standing = bidEligibility(b, opening.at);
  const recomputed =
    price &&
    submissionHash({
      receiptNo: b.receipt_no,
      noticeNo: notice.notice_no,
      lot: b.lot,
      supplier: b.registration_no,
      submittedAt: b.submitted_at.toISOString(),
      price,
      technical,
    });
  return {
    receiptNo: b.receipt_no,
    supplier: { registrationNo: b.registration_no, name: b.legal_name },
    lot: b.lot,
    submittedAt: b.submitted_at.toISOString(),
    sha256: b.submission_hash,
    price: price?.price ?? null,
    bidSecurityAmount: price?.bidSecurityAmount ?? null,
    picks: price?.picks ?? null,
    ...(price?.priceList ? { priceList: price.priceList } : {}),
    files: technical.files,
    valid: standing.eligible,
    invalidReason: standing.eligible ? null : standing.reason,
    hashVerified: recomputed ? recomputed === b.submission_hash : null,
  };
}

/** The reserve price from the sealed candidates and the valid bids' picks (multiple reserve prices, single envelope). */
function reserveOf(opening: Opening, bids: OpenedBid[]): OpeningRecord['reserve'] {
  const { notice, at } = opening;
  const reserveRule = notice.reserve_candidates
    ? multipleReservePrice(opening.actor.tenant.config, notice.published_at ?? at)
    : undefined;
  if (opening.twoEnvelope || !notice.reserve_candidates || !reserveRule) return null;
  const label = sealLabel(opening.actor.tenant.slug, notice.id, 'candidates', 'reserve');
  const candidates = JSON.parse(opening.unseal(label, notice.reserve_candidates).toString()) as number[];
  const result = reservePrice(
    candidates,
    bids.filter((b) => b.valid).map((b) => b.picks ?? []),
    reserveRule.rule,
  );
  return { candidates, ...result, rule: reserveRule.reference };
}

/** The record: each bid opened, the valid bidders counted against the rule's minimum, the reserve price. */
function recordOf(opening: Opening, rows: BidRow[]): OpeningRecord {
  const bids = rows.map((b) => openBid(opening, b));
  const minimum = minimumValidBids(opening.actor.tenant.config, opening.at);
  const rules = [minimum.rule];
  const validBids = new Set(rows.filter((_, i) => bids[i]!.valid).map((b) => b.supplier_id)).size;
  const reserve = reserveOf(opening, bids);
  if (reserve) rules.push(reserve.rule);
  return {
    noticeId: opening.notice.id,
    envelope: opening.twoEnvelope ? 'technical' : 'single',
    outcome: validBids < minimum.count ? 'failed' : 'opened',
    openedAt: opening.at.toISOString(),
    minimumValidBids: minimum.count,
    validBids,
    bids,
    reserve,
    flags: sameSourceFlags(rows),
    rules,
  };
}

/** The record written once, the notice opened (or failed), and the audit entry of it. */
async function writeOpening(deps: OpeningDeps, tx: Knex.Transaction, opening: Opening, record: OpeningRecord) {
  const { notice, at, actor } = opening;
  const failed = record.outcome === 'failed';
  await tx('tender_openings').insert({
    notice_id: notice.id,
    envelope: record.envelope,
    outcome: record.outcome,
    opened_at: at,
    opened_by: actor.user?.id ?? null,
    record: JSON.stringify(record),
    flags: JSON.stringify(record.flags),
    applied_rules: record.rules,
  });
  await tx('notices')
    .where({ id: notice.id })
    .update({
      opened_at: at,
      status: failed ? 'unsuccessful' : 'active',
      status_details: failed ? 'failed' : opening.twoEnvelope ? 'technical-opened' : 'opened',
    });
  await deps.audit.record(tx, actor.tenant, actor.audit, {
    action: failed ? 'tender.failed' : 'tender.opened',
    target: { type: 'notice', id: notice.id },
    summary: {
      envelope: record.envelope,
      bids: record.bids.length,
      validBids: record.validBids,
      flags: record.flags.length,
      rules: record.rules,
    },
  });
  await deps.relay.enqueue(tx, actor.tenant, integrityFlagsRequest(actor.tenant, notice.id, 'opened'));
}

/** An e-mail to each user who submitted a current bid: opened, or failed. */
async function tellBidders(deps: OpeningDeps, tx: Knex.Transaction, opening: Opening, outcome: string) {
  const bidders = await tx('bids as b')
    .join('users as u', 'u.id', 'b.submitted_by')
    .where({ 'b.notice_id': opening.notice.id, 'b.status': 'current' })
    .distinct<{ email: string; locale: string | null; display_name: string }[]>(
      'u.email',
      'u.locale',
      'u.display_name',
    );
  for (const user of bidders) {
    await deps.mailer.queue(tx, opening.actor.tenant, {
      to: user.email,
      locale: user.locale,
      template: outcome === 'failed' ? 'tender_failed' : 'tender_opened',
      params: { name: user.display_name, notice: opening.notice.notice_no ?? '' },
    });
  }
}

export function openingService(deps: OpeningDeps) {
  return {
    /**
     * Opens the tender, or returns the record of the opening already made. The actor is the
     * officer opening by hand (of the notice's agency), or the system for the opening job.
     */
    async open(actor: Actor, noticeId: string): Promise<OpeningRecord> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await lockedNotice(tx, actor, noticeId);
        const existing = await openingRecord(tx, notice.id);
        if (existing) return existing;
        if (notice.status !== 'active') throw new NoticeNotActiveError();
        const twoEnvelope = notice.evaluation_method === 'negotiated';
        const envelopes: Envelope[] = twoEnvelope ? ['technical'] : ['technical', 'price', 'reserve'];
        const unseal = await deps.sealedBox.unsealer(tx, actor.tenant, actor.audit, notice, envelopes);
        const opening: Opening = { actor, notice, at: await now(tx), twoEnvelope, unseal };
        const record = recordOf(opening, await currentBids(tx, notice.id));
        await writeOpening(deps, tx, opening, record);
        await tellBidders(deps, tx, opening, record.outcome);
        return record;
      });
    },
  };
}
