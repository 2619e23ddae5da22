/**
 * The notice a bid is written against: read share-locked with the tenant's time, checked for
 * lateness, and the bid checked against it (lot, bid security, reserve-price picks).
 */
import type { Knex } from 'knex';
import pg from 'pg';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { percentOf } from '../../regulations/deposits.js';
import { multipleReservePrice } from '../../regulations/reserve-price.js';
import type { TenantConfig } from '../../tenancy/config-schema.js';
import type { NoticeRow } from '../notices/read.js';
import { LateBidError, NoticeNotFoundError, NoticeNotOpenError } from './errors.js';
import type { BidInput } from './schema.js';

/** What bidding needs of a notice: not its search terms or sealed candidates, read on every bid. */
const NOTICE_COLUMNS = [
  'id',
  'notice_no',
  'status',
  'opened_at',
  'submission_deadline',
  'published_at',
  'lots',
  'bid_security_percent',
  'tender_key',
] as const;
export type OpenNotice = Pick<NoticeRow, (typeof NOTICE_COLUMNS)[number]> & { has_reserve_candidates: boolean };

const NOTICE_SQL = `select ${NOTICE_COLUMNS.join(', ')},
         reserve_candidates is not null as has_reserve_candidates, app_now() as server_now
    from notices where id = ? for share`;

type NoticeRead = OpenNotice & { server_now: Date };

/**
 * The notice, share-locked so an opening or an addendum waits for the bids being written, and the
 * tenant's time read in the same statement, after the lock: that instant decides lateness.
 */
export async function biddableNotice(
  tx: Knex.Transaction,
  noticeId: string,
): Promise<{ notice: OpenNotice; at: Date }> {
  // Written out, not built: this runs on every bid, and knex's builder took longer to compile it
  // than PostgreSQL took to run it.
  const { rows } = (await tx.raw(NOTICE_SQL, [noticeId])) as unknown as { rows: NoticeRead[] };
  return biddableNoticeFrom(rows);
}

/** The same read as SQL with its value inlined, to go out with BEGIN (inTenantReading). */
export function biddableNoticeRead(noticeId: string): string {
  return NOTICE_SQL.replace('?', pg.escapeLiteral(noticeId));
}

/** The notice from that read's rows: 404 when there is none or it is still being planned. */
export function biddableNoticeFrom(rows: unknown[]): { notice: OpenNotice; at: Date } {
  const row = rows[0] as NoticeRead | undefined;
  if (!row || row.status === 'planning') throw new NoticeNotFoundError();
  const { server_now: at, ...notice } = row;
  return { notice, at };
}

export function assertOnTime(notice: OpenNotice, at: Date): void {
  if (at.getTime() >= notice.submission_deadline.getTime()) throw new LateBidError(notice.submission_deadline, at);
  if (notice.status !== 'active' || notice.opened_at) throw new NoticeNotOpenError();
}

/**
 * The bid against its notice: a lot it has, a bid security of at least the notice's percentage,
 * and as many reserve-price picks as the rule asks (multiple reserve prices). Answers the picks,
 * sorted and without repeats; every problem at once otherwise.
 */
export function checkAgainstNotice(config: TenantConfig, notice: OpenNotice, at: Date, input: BidInput): number[] {
  const problems: FieldDetail[] = [];
  const lots = notice.lots.map((l) => l.no);
  if (lots.length === 0 ? input.lot !== 0 : !lots.includes(input.lot))
    problems.push({ field: 'lot', key: 'bids:lot_unknown' });
  const securityPercent = Number(notice.bid_security_percent);
  if (input.bidSecurityAmount < percentOf(input.price, securityPercent))
    problems.push({
      field: 'bidSecurityAmount',
      key: 'bids:security_too_low',
      params: { percent: securityPercent },
    });
  let picks: number[] = [];
  if (notice.has_reserve_candidates) {
    const reserve = multipleReservePrice(config, notice.published_at ?? at);
    if (reserve) {
      const value = reserve.rule;
      picks = [...new Set(input.picks ?? [])].sort((a, b) => a - b);
      if (picks.length !== value.picksPerBidder || picks.some((p) => p > value.candidates))
        problems.push({
          field: 'picks',
          key: 'bids:picks_needed',
          params: { count: value.picksPerBidder, of: value.candidates, rule: reserve.reference },
        });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return picks;
}
