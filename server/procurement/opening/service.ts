/**
 * Opening a tender: exactly once, at or after its opening time, by the opening job or by an
 * officer. The sealed envelopes due now are unsealed (audited by the sealed box), each bid's
 * standing is checked again, receipt hashes are verified, the reserve price is computed under
 * multiple reserve prices, and bids from one device or address are flagged. Fewer valid bids than
 * the rule's minimum fail the tender. The record is written once and published as it stands.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { AppError, NotFoundError } from '../../http/errors.js';
import { minimumValidBids } from '../../regulations/decisions.js';
import { multipleReservePrice, reservePrice } from '../../regulations/reserve-price.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { Deps } from '../../deps.js';
import { bidEligibility, type SupplierStanding } from '../../suppliers/eligibility.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { sealLabel, type Envelope } from '../../crypto/sealed-box.js';
import type { NoticeRow } from '../notices/read.js';

export interface OpenedBid {
  receiptNo: string;
  supplier: { registrationNo: string; name: Record<string, string> };
  lot: number;
  submittedAt: string;
  sha256: string;
  price: number | null;
  bidSecurityAmount: number | null;
  picks: number[] | null;
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
  flags: { kind: 'same-device' | 'same-address'; receipts: string[] }[];
  rules: string[];
}

interface BidRow extends SupplierStanding {
  id: string;
  receipt_no: string;
  lot: number;
  submitted_at: Date;
  submission_hash: string;
  sealed_price: string;
  sealed_technical: string;
  client_address: string | null;
  device_id: string | null;
  registration_no: string;
  legal_name: Record<string, string>;
  submitted_by: string;
}

const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

/** Receipts that share a device or an address across different suppliers. */
function sameSourceFlags(bids: (BidRow & { supplier_id: string })[]): OpeningRecord['flags'] {
  const flags: OpeningRecord['flags'] = [];
  for (const [kind, key] of [
    ['same-device', 'device_id'],
    ['same-address', 'client_address'],
  ] as const) {
    const groups = new Map<string, (BidRow & { supplier_id: string })[]>();
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

export async function openingRecord(tx: Knex.Transaction, noticeId: string): Promise<OpeningRecord | undefined> {
  if (!isUuid(noticeId)) return undefined;
  const row = await tx('tender_openings').where({ notice_id: noticeId }).first<{ record: OpeningRecord } | undefined>();
  return row?.record;
}

export function openingService(services: Pick<Deps, 'audit' | 'mailer' | 'sealedBox'>) {
  return {
    /** Opens the tender, or returns the record of the opening already made. */
    /** `by`: the officer opening by hand (of the notice's agency), or null for the opening job. */
    async open(
      tenant: TenantHandle,
      context: AuditContext,
      noticeId: string,
      by: SessionUser | null,
    ): Promise<OpeningRecord> {
      const config = tenant.config;
      return inTenant(tenant, async (tx) => {
        const notice = isUuid(noticeId)
          ? await tx<NoticeRow>('notices').where({ id: noticeId }).forUpdate().first()
          : undefined;
        if (!notice || notice.status === 'planning') throw new NotFoundError('notice_not_found', 'notices:not_found');
        if (by) assertCan(by, 'notices:manage', notice.agency_id);
        const existing = await openingRecord(tx, notice.id);
        if (existing) return existing;
        if (notice.status !== 'active') throw new AppError('notice_not_open', 409, 'opening:not_active');
        const twoEnvelope = notice.evaluation_method === 'negotiated';
        const envelopes: Envelope[] = twoEnvelope ? ['technical'] : ['technical', 'price', 'reserve'];
        const unseal = await services.sealedBox.unsealer(tx, tenant, context, notice, envelopes);
        const at = await now(tx);

        const rows = await tx('bids as b')
          .join('suppliers as s', 's.id', 'b.supplier_id')
          .where({ 'b.notice_id': notice.id, 'b.status': 'current' })
          .orderBy('b.submitted_at')
          .select<(BidRow & { supplier_id: string })[]>(
            'b.*',
            's.registration_no',
            's.legal_name',
            's.status',
            's.valid_until',
            's.debarred_from',
            's.debarred_until',
            's.debarment_reason',
          );
        const bids: OpenedBid[] = rows.map((b) => {
          const technical = JSON.parse(
            unseal(sealLabel(tenant.slug, notice.id, b.id, 'technical'), b.sealed_technical).toString(),
          ) as { technicalNote: string; files: OpenedBid['files']; salt: string };
          const price = twoEnvelope
            ? null
            : (JSON.parse(unseal(sealLabel(tenant.slug, notice.id, b.id, 'price'), b.sealed_price).toString()) as {
                price: number;
                bidSecurityAmount: number;
                picks: number[];
              });
          const standing = bidEligibility(b, at);
          const recomputed =
            price &&
            createHash('sha256')
              .update(
                canonicalize({
                  receiptNo: b.receipt_no,
                  noticeNo: notice.notice_no,
                  lot: b.lot,
                  supplier: b.registration_no,
                  submittedAt: b.submitted_at.toISOString(),
                  ...price,
                  ...technical,
                })!,
              )
              .digest('hex');
          return {
            receiptNo: b.receipt_no,
            supplier: { registrationNo: b.registration_no, name: b.legal_name },
            lot: b.lot,
            submittedAt: b.submitted_at.toISOString(),
            sha256: b.submission_hash,
            price: price?.price ?? null,
            bidSecurityAmount: price?.bidSecurityAmount ?? null,
            picks: price?.picks ?? null,
            files: technical.files,
            valid: standing.eligible,
            invalidReason: standing.eligible ? null : standing.reason,
            hashVerified: recomputed ? recomputed === b.submission_hash : null,
          };
        });

        const minimum = minimumValidBids(config, at);
        const rules = [minimum.rule];
        const validBids = new Set(rows.filter((_, i) => bids[i]!.valid).map((b) => b.supplier_id)).size;
        const outcome = validBids < minimum.count ? 'failed' : 'opened';

        let reserve: OpeningRecord['reserve'] = null;
        const reserveRule = notice.reserve_candidates
          ? multipleReservePrice(config, notice.published_at ?? at)
          : undefined;
        if (!twoEnvelope && notice.reserve_candidates && reserveRule) {
          const candidates = JSON.parse(
            unseal(sealLabel(tenant.slug, notice.id, 'candidates', 'reserve'), notice.reserve_candidates).toString(),
          ) as number[];
          const result = reservePrice(
            candidates,
            bids.filter((b) => b.valid).map((b) => b.picks ?? []),
            reserveRule.rule,
          );
          reserve = { candidates, ...result, rule: reserveRule.reference };
          rules.push(reserveRule.reference);
        }

        const record: OpeningRecord = {
          noticeId: notice.id,
          envelope: twoEnvelope ? 'technical' : 'single',
          outcome,
          openedAt: at.toISOString(),
          minimumValidBids: minimum.count,
          validBids,
          bids,
          reserve,
          flags: sameSourceFlags(rows),
          rules,
        };
        await tx('tender_openings').insert({
          notice_id: notice.id,
          envelope: record.envelope,
          outcome,
          opened_at: at,
          opened_by: by?.id ?? null,
          record: JSON.stringify(record),
          flags: JSON.stringify(record.flags),
          applied_rules: rules,
        });
        await tx('notices')
          .where({ id: notice.id })
          .update({
            opened_at: at,
            status: outcome === 'failed' ? 'unsuccessful' : 'active',
            status_details: outcome === 'failed' ? 'failed' : twoEnvelope ? 'technical-opened' : 'opened',
          });
        await services.audit.record(tx, tenant, context, {
          action: outcome === 'failed' ? 'tender.failed' : 'tender.opened',
          target: { type: 'notice', id: notice.id },
          summary: { envelope: record.envelope, bids: bids.length, validBids, flags: record.flags.length, rules },
        });
        const bidders = await tx('bids as b')
          .join('users as u', 'u.id', 'b.submitted_by')
          .where({ 'b.notice_id': notice.id, 'b.status': 'current' })
          .distinct<{ email: string; locale: string | null; display_name: string }[]>(
            'u.email',
            'u.locale',
            'u.display_name',
          );
        for (const user of bidders) {
          await services.mailer.queue(tx, tenant, {
            to: user.email,
            locale: user.locale,
            template: outcome === 'failed' ? 'tender_failed' : 'tender_opened',
            params: { name: user.display_name, notice: notice.notice_no ?? '' },
          });
        }
        return record;
      });
    },
  };
}
