/**
 * A tender awarded through the API (the factories' 'awarded' state) to the demo supplier
 * (supplier@<slug>.demo, a supplier-admin) against one rival bidding 5,000,000 more, for tests of
 * what comes after the award that name the tender by its template's titles and times.
 */
import { buildNotice, buildSupplier } from './factories.js';
import type { TenderWorld } from './tender.js';

export interface FinalAward {
  noticeId: string;
  awardId: string;
  bidId: string;
  supplierId: string;
  amount: number;
}

/** The titles and times of the fixture's tender in one template (local times of its time zone). */
export interface AwardTender {
  planTitle: Record<string, string>;
  noticeTitle: Record<string, string>;
  deadline: string;
  opening: string;
  /** The instant (UTC) at which the bids are opened: after `opening`. */
  openAt: string;
}

export const KOREA_TENDER: AwardTender = {
  planTitle: { title_ko: '사무기기 구매 계획', title_en: 'Office equipment plan' },
  noticeTitle: { title_ko: '사무기기 구매', title_en: 'Office equipment' },
  deadline: '2026-09-10T10:00',
  opening: '2026-09-10T11:00',
  openAt: '2026-09-10T02:00:00Z',
};

/** Kurdistan (ckb default, Fri–Sat weekend, ten calendar days' notice): clock on 2026-09-01. */
export const KURDISTAN_TENDER: AwardTender = {
  planTitle: { title_ckb: 'پلانی کڕینی ئامێری نووسینگە', title_en: 'Office equipment plan' },
  noticeTitle: { title_ckb: 'کڕینی ئامێری نووسینگە', title_en: 'Office equipment' },
  deadline: '2026-09-15T10:00',
  opening: '2026-09-15T11:00',
  openAt: '2026-09-15T08:05:00Z',
};

/**
 * The world's clock must stand before the tender's deadline; it ends at the end of the standstill.
 * The estimated price stands 8 % above the winning price, so the winner clears the award floor
 * rate whatever reserve price the draw gives (korea: 87.745 % of a reserve within ±2 %).
 */
export async function finalAward(
  world: TenderWorld,
  amount = 88_000_000,
  tender: AwardTender = KOREA_TENDER,
): Promise<FinalAward> {
  const estimated = Math.round((amount * 1.08) / 1_000_000) * 1_000_000;
  const demo = await buildSupplier(world, { demo: true });
  const notice = await buildNotice(world, {
    state: 'awarded',
    plan: tender.planTitle,
    fields: {
      ...tender.noticeTitle,
      estimatedPrice: estimated,
      baseAmount: estimated,
      submissionDeadline: tender.deadline,
      openingAt: tender.opening,
    },
    bids: [{ by: demo, price: amount }, { price: amount + 5_000_000 }],
    bidderPrefix: 'RIVAL',
    openAt: tender.openAt,
  });
  return {
    noticeId: notice.id,
    awardId: notice.award!.id,
    bidId: notice.winner!.bidId,
    supplierId: notice.winner!.bidder.supplierId,
    amount: notice.award!.amount,
  };
}
