/**
 * A tender opened with real sealed bids and a final award written straight into the tables, for
 * tests of what comes after the award (contracts, deliveries, payments) that do not need to walk
 * the evaluation again. The demo supplier (supplier@<slug>.demo, a supplier-admin) wins.
 */
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addBidders } from './bidders.js';
import { publishedNotice, publishedPlanEntry, securityFor, type TenderWorld } from './tender.js';

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

/** The world's clock must stand before the tender's deadline (2026-09-10 in korea). */
export async function finalAward(
  world: TenderWorld,
  amount = 88_000_000,
  tender: AwardTender = KOREA_TENDER,
): Promise<FinalAward> {
  const plan = await publishedPlanEntry(world, tender.planTitle);
  const notice = await publishedNotice(world, {
    planEntryId: plan,
    ...tender.noticeTitle,
    estimatedPrice: 100_000_000,
    baseAmount: 100_000_000,
    submissionDeadline: tender.deadline,
    openingAt: tender.opening,
  });
  const [other] = await addBidders(world.tenant, 1, 'RIVAL');
  const demo = await inTenant(world.tenant, (tx) =>
    tx('users')
      .where({ email: `supplier@${world.slug}.demo` })
      .first<{ id: string; supplier_id: string }>('id', 'supplier_id'),
  );
  const demoAuth = await inTenant(world.tenant, async (tx) => {
    const { issueApiToken } = await import('../../server/identity/api-tokens.js');
    return { Authorization: `Bearer ${(await issueApiToken(tx, demo.id)).token}` };
  });
  for (const [auth, price] of [
    [demoAuth, amount],
    [other!.auth, amount + 5_000_000],
  ] as const) {
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids`)
      .set(auth)
      .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] })
      .expect(201);
  }
  await world.setClock(tender.openAt);
  await request(world.app).post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`).set(world.officer).expect(200);
  await world.setClock('2026-09-25T01:00:00Z');
  return inTenant(world.tenant, async (tx) => {
    const bid = await tx('bids')
      .where({ notice_id: notice.id, supplier_id: demo.supplier_id, status: 'current' })
      .first<{ id: string }>('id');
    const officer = await tx('users')
      .where({ email: `officer@${world.slug}.demo` })
      .first<{ id: string }>('id');
    const [evaluation] = await tx('evaluation_results')
      .insert({
        notice_id: notice.id,
        round: 1,
        method: 'lowest-price',
        score_table: JSON.stringify({ fixture: true }),
        winner_bid_id: bid.id,
        decided_by: officer.id,
        decided_at: '2026-09-11T01:00:00Z',
      })
      .returning<{ id: string }[]>('id');
    const [award] = await tx('awards')
      .insert({
        notice_id: notice.id,
        evaluation_id: evaluation!.id,
        bid_id: bid.id,
        supplier_id: demo.supplier_id,
        amount,
        status: 'final',
        published_at: '2026-09-11T01:00:00Z',
        standstill_ends_at: '2026-09-18T01:00:00Z',
        final_at: '2026-09-18T01:00:00Z',
      })
      .returning<{ id: string }[]>('id');
    await tx('notices').where({ id: notice.id }).update({ status_details: 'awarded' });
    return { noticeId: notice.id, awardId: award!.id, bidId: bid.id, supplierId: demo.supplier_id, amount };
  });
}
