/**
 * Sealed bids. Only suppliers in good standing bid; the tenant's clock inside the writing
 * transaction decides lateness, so a bid written after the deadline is refused even when its
 * request began before. Prices, picks and files are sealed under the tender key before they touch
 * the database; the receipt carries a salted SHA-256 of the whole submission. One current bid per
 * supplier and lot: a new one replaces it, a withdrawal ends it, both until the deadline.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { formatDateTime } from '../../i18n/format.js';
import { isLanguage } from '../../i18n/languages.js';
import type { ClientDevice } from '../../identity/devices.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { percentOf } from '../../regulations/deposits.js';
import { multipleReservePrice } from '../../regulations/reserve-price.js';
import type { Deps } from '../../deps.js';
import { together } from '../../db/together.js';
import { bidEligibility, type SupplierStanding } from '../../suppliers/eligibility.js';
import type { CheckedDocument } from '../../suppliers/documents.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { NoticeRow } from '../notices/read.js';
import type { BidInput } from './schema.js';
import { sealLabel } from '../../crypto/sealed-box.js';

const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

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
  files: { name: string; sha256: string; size: number }[];
  replaced: string | null;
}

export class LateBidError extends AppError {
  constructor(deadline: Date, serverTime: Date) {
    super('bid_after_deadline', 409, 'bids:after_deadline', {
      deadline: deadline.toISOString(),
      serverTime: serverTime.toISOString(),
    });
    this.extensions = { deadline: deadline.toISOString(), serverTime: serverTime.toISOString() };
  }
}

export class NotEligibleError extends AppError {
  constructor(reason: string, params: Record<string, unknown> = {}) {
    super(`supplier_${reason.replace(/-/g, '_')}`, 403, `bids:not_eligible_${reason.replace(/-/g, '_')}`, params);
    this.extensions = { reason };
  }
}

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
type OpenNotice = Pick<NoticeRow, (typeof NOTICE_COLUMNS)[number]> & { has_reserve_candidates: boolean };

/**
 * The notice, share-locked so an opening or an addendum waits for the bids being written, and the
 * tenant's time read in the same statement, after the lock: that instant decides lateness.
 */
async function biddableNotice(tx: Knex.Transaction, noticeId: string): Promise<{ notice: OpenNotice; at: Date }> {
  const row = isUuid(noticeId)
    ? await tx('notices')
        .where({ id: noticeId })
        .forShare()
        .first<(OpenNotice & { server_now: Date }) | undefined>(
          ...NOTICE_COLUMNS,
          tx.raw('reserve_candidates is not null as has_reserve_candidates'),
          tx.raw('app_now() as server_now'),
        )
    : undefined;
  if (!row || row.status === 'planning') throw new NotFoundError('notice_not_found', 'notices:not_found');
  const { server_now: at, ...notice } = row;
  return { notice, at };
}

function assertOnTime(notice: OpenNotice, at: Date): void {
  if (at.getTime() >= notice.submission_deadline.getTime()) throw new LateBidError(notice.submission_deadline, at);
  if (notice.status !== 'active' || notice.opened_at)
    throw new AppError('notice_not_open', 409, 'bids:notice_not_open');
}

export function bidsService(services: Pick<Deps, 'audit' | 'mailer' | 'sealedBox'>) {
  return {
    async submit(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      device: ClientDevice,
      noticeId: string,
      input: BidInput,
      files: CheckedDocument[] = [],
    ): Promise<Receipt> {
      assertCan(user, 'bids:submit');
      const config = tenant.config;
      return inTenant(tenant, async (tx) => {
        const { notice, at } = await biddableNotice(tx, noticeId);
        assertOnTime(notice, at);
        const problems = [];
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

        // One round trip: the supplier's standing, the receipt's serial, and the replacement of
        // the current bid (undone with the transaction if the supplier may not bid).
        const supplier = await tx('suppliers')
          .with(
            'replaced',
            tx('bids')
              .where({ notice_id: notice.id, lot: input.lot, supplier_id: user.supplierId, status: 'current' })
              .update({ status: 'replaced' })
              .returning('receipt_no'),
          )
          .where({ id: user.supplierId })
          .first<(SupplierStanding & { registration_no: string; serial: string; replaced: string | null }) | undefined>(
            'status',
            'valid_until',
            'debarred_from',
            'debarred_until',
            'debarment_reason',
            'registration_no',
            tx.raw(`nextval('bid_receipt_serial') as serial`),
            tx.raw('(select receipt_no from replaced) as replaced'),
          );
        if (!supplier) throw new NotEligibleError('not-approved');
        const standing = bidEligibility(supplier, at);
        if (!standing.eligible)
          throw standing.reason === 'debarred'
            ? new NotEligibleError('debarred', { until: standing.until.toISOString().slice(0, 10), why: standing.why })
            : new NotEligibleError(standing.reason);
        const previous = supplier.replaced;

        const bidId = randomUUID();
        const receiptNo = `${notice.notice_no ?? notice.id}-B${supplier.serial.padStart(6, '0')}`;
        const salt = randomBytes(16).toString('base64url');
        const fileList = files.map((f) => ({ name: f.fileName, sha256: f.sha256, size: f.size }));
        const price = { price: input.price, bidSecurityAmount: input.bidSecurityAmount, picks };
        const technical = { technicalNote: input.technicalNote ?? '', files: fileList, salt };
        const sha256 = createHash('sha256')
          .update(
            canonicalize({
              receiptNo,
              noticeNo: notice.notice_no,
              lot: input.lot,
              supplier: supplier.registration_no,
              submittedAt: at.toISOString(),
              ...price,
              ...technical,
            })!,
          )
          .digest('hex');
        const sealUnderTenderKey = await services.sealedBox.sealer(tx, tenant.slug, notice);
        const seal = (envelope: 'price' | 'technical', value: unknown) =>
          sealUnderTenderKey(sealLabel(tenant.slug, notice.id, bidId, envelope), Buffer.from(JSON.stringify(value)));
        const bidWrite = tx('bids').insert({
          id: bidId,
          notice_id: notice.id,
          lot: input.lot,
          supplier_id: user.supplierId,
          submitted_by: user.id,
          receipt_no: receiptNo,
          sealed_price: seal('price', price),
          sealed_technical: seal('technical', technical),
          submission_hash: sha256,
          client_address: device.address,
          device_id: device.deviceId,
          user_agent_hash: device.userAgentHash,
          submitted_at: at,
        });
        const audit = services.audit.entryWrite(tx, tenant, context, {
          at,
          action: previous ? 'bid.replaced' : 'bid.submitted',
          target: { type: 'bid', id: bidId },
          summary: {
            notice: notice.id,
            receiptNo,
            sha256,
            lot: input.lot,
            files: files.length,
            replaced: previous,
            key: 'tender-key sealed',
          },
        });
        const mail = services.mailer.compose(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'bid_receipt',
          params: {
            name: user.displayName,
            notice: notice.notice_no ?? '',
            receipt: receiptNo,
            hash: sha256,
            time: formatDateTime(
              at,
              isLanguage(user.locale) ? user.locale : config.locales.default,
              config.timeZone,
              config.numberingSystem,
            ),
          },
        });
        // The bid, its audit entry and the receipt e-mail with its job: one statement.
        try {
          await together(audit.write, ...mail.writes, bidWrite);
        } catch (error) {
          // Two submissions of one supplier racing: the other one holds the current bid.
          if ((error as { constraint?: string }).constraint === 'bids_one_current')
            throw new AppError('bid_in_progress', 409, 'bids:submission_in_progress');
          throw error;
        }
        for (const file of files) {
          const fileId = randomUUID();
          const label = sealLabel(tenant.slug, notice.id, `${bidId}/${fileId}`, 'file');
          await tx('bid_files').insert({
            id: fileId,
            bid_id: bidId,
            sealed_name: sealUnderTenderKey(`${label}-name`, Buffer.from(file.fileName)),
            sealed_content: Buffer.from(sealUnderTenderKey(label, file.content)),
            content_hash: file.sha256,
            size: file.size,
            media_type: file.contentType,
          });
        }
        return {
          bidId,
          receiptNo,
          noticeNo: notice.notice_no ?? '',
          lot: input.lot,
          status: 'current',
          submittedAt: at.toISOString(),
          sha256,
          salt,
          files: fileList,
          replaced: previous,
        };
      });
    },

    async withdraw(tenant: TenantHandle, user: SessionUser, context: AuditContext, bidId: string): Promise<void> {
      assertCan(user, 'bids:submit');
      await inTenant(tenant, async (tx) => {
        const bid = isUuid(bidId)
          ? await tx('bids')
              .where({ id: bidId, supplier_id: user.supplierId })
              .first<{ id: string; notice_id: string; status: string; receipt_no: string } | undefined>()
          : undefined;
        if (!bid) throw new NotFoundError('bid_not_found', 'bids:not_found');
        const { notice, at } = await biddableNotice(tx, bid.notice_id);
        assertOnTime(notice, at);
        const updated = await tx('bids')
          .where({ id: bid.id, status: 'current' })
          .update({ status: 'withdrawn', withdrawn_at: tx.raw('app_now()') });
        if (updated === 0) throw new AppError('bid_not_current', 409, 'bids:not_current');
        await services.audit.record(tx, tenant, context, {
          action: 'bid.withdrawn',
          target: { type: 'bid', id: bid.id },
          summary: { notice: bid.notice_id, receiptNo: bid.receipt_no },
        });
      });
    },
  };
}

export interface OwnBid {
  id: string;
  receiptNo: string;
  lot: number;
  status: string;
  submittedAt: Date;
  sha256: string;
}

/** A supplier's own submissions to a notice: receipts only, never contents (they are sealed). */
export async function ownBids(tenant: TenantHandle, supplierId: string, noticeId: string): Promise<OwnBid[]> {
  if (!isUuid(noticeId)) return [];
  return inTenant(tenant, async (tx) =>
    (
      await tx('bids')
        .where({ notice_id: noticeId, supplier_id: supplierId })
        .orderBy('submitted_at', 'desc')
        .select<
          { id: string; receipt_no: string; lot: number; status: string; submitted_at: Date; submission_hash: string }[]
        >('id', 'receipt_no', 'lot', 'status', 'submitted_at', 'submission_hash')
    ).map((b) => ({
      id: b.id,
      receiptNo: b.receipt_no,
      lot: b.lot,
      status: b.status,
      submittedAt: b.submitted_at,
      sha256: b.submission_hash,
    })),
  );
}
