/**
 * What a supplier reads about bidding: the bid page (the notice, the tenant's time, the
 * reserve-price picks asked for, and their own receipts), their receipts alone, and the server's
 * time. Receipts only, never contents: those stay sealed until the opening.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { multipleReservePrice } from '../../regulations/reserve-price.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';
import { NoticeNotFoundError } from './errors.js';

export interface OwnBid {
  id: string;
  receiptNo: string;
  lot: number;
  status: string;
  submittedAt: Date;
  sha256: string;
}

export type BidPageNotice = Pick<
  NoticeRow,
  'id' | 'notice_no' | 'title' | 'status' | 'opened_at' | 'submission_deadline' | 'bid_security_percent' | 'lots'
>;

export interface BidPage {
  notice: BidPageNotice;
  /** The tenant's time. */
  at: Date;
  /** Whether bids are taken now. */
  open: boolean;
  /** Reserve-price candidates to pick from and how many to pick (0 and 0 without multiple reserve prices). */
  candidates: number;
  picksPerBidder: number;
  receipts: OwnBid[];
}

async function ownBidsIn(tx: Knex.Transaction, supplierId: string | null, noticeId: string): Promise<OwnBid[]> {
  const rows = await tx('bids')
    .where({ notice_id: noticeId, supplier_id: supplierId })
    .orderBy('submitted_at', 'desc')
    .select<
      { id: string; receipt_no: string; lot: number; status: string; submitted_at: Date; submission_hash: string }[]
    >('id', 'receipt_no', 'lot', 'status', 'submitted_at', 'submission_hash');
  return rows.map((b) => ({
    id: b.id,
    receiptNo: b.receipt_no,
    lot: b.lot,
    status: b.status,
    submittedAt: b.submitted_at,
    sha256: b.submission_hash,
  }));
}

/** The supplier's own submissions to a notice, newest first. */
export async function ownBids(actor: Actor, noticeId: string): Promise<OwnBid[]> {
  const user = actor.user;
  assertCan(user, 'bids:submit');
  return inTenant(actor.tenant, (tx) => ownBidsIn(tx, user.supplierId, noticeId));
}

/** The bid page of a published notice; a notice still in planning is not found. */
export async function readBidPage(actor: Actor, noticeId: string): Promise<BidPage> {
  const user = actor.user;
  assertCan(user, 'bids:submit');
  const { notice, at, receipts } = await inTenant(actor.tenant, async (tx) => {
    const row = await tx('notices')
      .where({ id: noticeId })
      .whereNot('status', 'planning')
      .first<(BidPageNotice & { published_at: Date | null; has_reserve_candidates: boolean }) | undefined>(
        'id',
        'notice_no',
        'title',
        'status',
        'opened_at',
        'submission_deadline',
        'published_at',
        'bid_security_percent',
        'lots',
        tx.raw('reserve_candidates is not null as has_reserve_candidates'),
      );
    if (!row) throw new NoticeNotFoundError();
    return { notice: row, at: await now(tx), receipts: await ownBidsIn(tx, user.supplierId, noticeId) };
  });
  const { published_at: publishedAt, has_reserve_candidates: hasCandidates, ...shown } = notice;
  const reserve = hasCandidates ? multipleReservePrice(actor.tenant.config, publishedAt ?? at) : undefined;
  return {
    notice: shown,
    at,
    open: notice.status === 'active' && !notice.opened_at && at < notice.submission_deadline,
    candidates: reserve?.rule.candidates ?? 0,
    picksPerBidder: reserve?.rule.picksPerBidder ?? 0,
    receipts,
  };
}

/** The tenant's time: the clock that decides whether a bid is on time. */
export async function serverTime(actor: Actor): Promise<{ serverTime: string; timeZone: string }> {
  const at = await inTenant(actor.tenant, (tx) => now(tx));
  return { serverTime: at.toISOString(), timeZone: actor.tenant.config.timeZone };
}
