/**
 * Lowest price with qualification review. From the published opening record: bids below the
 * award floor rate (a percentage of the reserve price, or of the estimated price where the
 * tenant draws no reserve price) are excluded; the rest are reviewed in price order against the
 * qualification pass mark. The first to pass wins; each review is recorded with its reasons.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { lowestPriceRules } from '../../regulations/evaluation.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';
import { openingRecord } from '../opening/service.js';
import { noticeFor } from './committee.js';
import { EvaluationFinalError, NotInEvaluationError, NotNextBidError } from './errors.js';
import { currentBids, currentRound, latestResult, recordResult } from './results.js';
import { lowestPriceOrder, type LowestPriceRow } from './scoring.js';

export interface Review {
  bidId: string;
  position: number;
  score: number;
  passed: boolean;
  reasons: string;
}

export interface LowestPriceState {
  round: number;
  reservePrice: number;
  reserveSource: 'multiple-reserve-prices' | 'estimated-price';
  floorPercent: number;
  passMark: number;
  rows: LowestPriceRow[];
  reviews: Review[];
  /** The bid to review next (null once one has passed, or none is left). */
  next: LowestPriceRow | null;
  rules: string[];
}

async function stateOf(tx: Knex.Transaction, tenant: TenantHandle, notice: NoticeRow): Promise<LowestPriceState> {
  if (notice.evaluation_method !== 'lowest-price' || !notice.opened_at) throw new NotInEvaluationError();
  const opening = (await openingRecord(tx, notice.id))!;
  const round = await currentRound(tx, notice.id);
  const at = await now(tx);
  const applied = lowestPriceRules(tenant.config, at);
  const evaluated = new Set((await currentBids(tx, notice.id)).map((b) => b.receipt_no));
  const reservePrice = opening.reserve?.reservePrice ?? Number(notice.estimated_price);
  const rows = lowestPriceOrder(
    opening.bids
      .filter((b) => evaluated.has(b.receiptNo) && b.price !== null)
      .map((b) => ({
        bidId: '',
        receiptNo: b.receiptNo,
        supplierName: Object.values(b.supplier.name)[0] ?? '',
        price: b.price!,
        submittedAt: b.submittedAt,
      })),
    reservePrice,
    applied.floorPercent,
  );
  const ids = await tx('bids')
    .where({ notice_id: notice.id, status: 'current' })
    .select<{ id: string; receipt_no: string }[]>('id', 'receipt_no');
  for (const row of rows) row.bidId = ids.find((i) => i.receipt_no === row.receiptNo)?.id ?? '';
  const reviews = (
    await tx('qualification_reviews')
      .where({ notice_id: notice.id, round })
      .orderBy('position')
      .select<{ bid_id: string; position: number; score: string; passed: boolean; reasons: string }[]>(
        'bid_id',
        'position',
        'score',
        'passed',
        'reasons',
      )
  ).map((r) => ({
    bidId: r.bid_id,
    position: r.position,
    score: Number(r.score),
    passed: r.passed,
    reasons: r.reasons,
  }));
  const reviewed = new Set(reviews.map((r) => r.bidId));
  const next = reviews.some((r) => r.passed) ? null : (rows.find((r) => !r.excluded && !reviewed.has(r.bidId)) ?? null);
  return {
    round,
    reservePrice,
    reserveSource: opening.reserve ? 'multiple-reserve-prices' : 'estimated-price',
    floorPercent: applied.floorPercent,
    passMark: applied.passMark,
    rows,
    reviews,
    next,
    rules: [...(opening.reserve ? [opening.reserve.rule] : []), ...applied.rules],
  };
}

export interface ReviewInput {
  bidId: string;
  score: number;
  reasons: string;
}

export function lowestPriceService(services: Pick<Deps, 'audit'>) {
  return {
    /** Where the review stands (the route lets the agency's officers ask). */
    async state(actor: Actor, noticeId: string): Promise<LowestPriceState> {
      return inTenant(actor.tenant, async (tx) => stateOf(tx, actor.tenant, await noticeFor(tx, noticeId)));
    },

    /** Reviews the next bid in price order; a pass ends the evaluation with that bid as winner. */
    async review(actor: Actor, noticeId: string, input: ReviewInput) {
      const { tenant, user: officer, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId, true);
        assertCan(officer, 'notices:manage', notice.agency_id);
        const latest = await latestResult(tx, notice.id);
        if (latest && latest.status === 'final') throw new EvaluationFinalError();
        const state = await stateOf(tx, tenant, notice);
        if (!state.next || state.next.bidId !== input.bidId) throw new NotNextBidError(state.next?.receiptNo ?? '-');
        const passed = input.score >= state.passMark;
        await tx('qualification_reviews').insert({
          notice_id: notice.id,
          bid_id: input.bidId,
          round: state.round,
          position: state.next.position,
          score: input.score,
          passed,
          reasons: input.reasons,
          reviewed_by: officer.id,
        });
        await services.audit.record(tx, tenant, context, {
          action: 'evaluation.qualification-reviewed',
          target: { type: 'bid', id: input.bidId },
          summary: { notice: notice.id, round: state.round, score: input.score, passed, passMark: state.passMark },
        });
        const after = await stateOf(tx, tenant, notice);
        if (!passed && after.next) return { passed, next: after.next, result: null };
        const result = await recordResult(tx, services, {
          actor,
          notice,
          result: {
            round: state.round,
            method: 'lowest-price',
            table: {
              reservePrice: after.reservePrice,
              reserveSource: after.reserveSource,
              floorPercent: after.floorPercent,
              passMark: after.passMark,
              rows: after.rows,
              reviews: after.reviews,
            },
            winnerBidId: passed ? input.bidId : null,
            rules: after.rules,
          },
        });
        return { passed, next: null, result };
      });
    },
  };
}
