/**
 * Steps of an evaluation through the API, shared by the evaluation and full-cycle tests: a
 * negotiated tender with its bids opened, a committee that declares, technical scores split over
 * the notice's three criteria (Methodology 40, Team 30, Schedule 30).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { addBidders, addStaff, type Bidder, type StaffUser } from './bidders.js';
import { publishedNotice, publishedPlanEntry, securityFor, type TenderWorld } from './tender.js';

export const CRITERIA = [
  { title: 'Methodology', max: 40 },
  { title: 'Team', max: 30 },
  { title: 'Schedule', max: 30 },
];

/** A technical total spread over the three criteria (each within its maximum). */
export function split(total: number): Record<string, number> {
  const c1 = Math.min(40, Math.round(total * 0.4));
  const c2 = Math.min(30, Math.round(total * 0.3));
  return { c1, c2, c3: total - c1 - c2 };
}

export interface NegotiatedSetup {
  noticeId: string;
  bidders: Bidder[];
  evaluators: StaffUser[];
  bidIds: string[];
}

/** Publishes a negotiated notice, takes one bid per price, opens the technical envelopes, seats the committee. */
export async function negotiatedTender(
  world: TenderWorld,
  options: {
    title: Record<string, string>;
    estimatedPrice: number;
    prices: number[];
    securityPercent: number;
    evaluators: number;
    deadline: string;
    opening: string;
    openingAt: string;
  },
): Promise<NegotiatedSetup> {
  const plan = await publishedPlanEntry(world, options.title);
  const notice = await publishedNotice(world, {
    planEntryId: plan,
    ...options.title,
    method: 'negotiated',
    evaluationMethod: 'negotiated',
    estimatedPrice: options.estimatedPrice,
    bidSecurityPercent: options.securityPercent,
    technicalCriteria: CRITERIA,
    submissionDeadline: options.deadline,
    openingAt: options.opening,
  });
  const bidders = await addBidders(world.tenant, options.prices.length, 'NEGO');
  const bidIds: string[] = [];
  for (const [i, bidder] of bidders.entries()) {
    const price = options.prices[i]!;
    const receipt = await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids`)
      .set(bidder.auth)
      .send({
        price,
        bidSecurityAmount: securityFor(price, options.securityPercent),
        technicalNote: `Proposal ${i + 1}`,
      })
      .expect(201);
    bidIds.push(receipt.body.bidId as string);
  }
  const evaluators = await addStaff(world.tenant, options.evaluators, 'evaluator', 'EVAL');
  await world.setClock(options.openingAt, [...bidders]);
  await refreshStaff(world, evaluators);
  const opened = await request(world.app)
    .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`)
    .set(world.officer)
    .expect(200);
  assert.equal(opened.body.envelope, 'technical');
  assert.ok((opened.body.bids as { price: number | null }[]).every((b) => b.price === null));
  for (const evaluator of evaluators) {
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/evaluators`)
      .set(world.officer)
      .send({ email: evaluator.email })
      .expect(201);
  }
  return { noticeId: notice.id, bidders, evaluators, bidIds };
}

/** Bearer tokens live 12 hours: issue the staff theirs again at the world's current time. */
export async function refreshStaff(world: TenderWorld, staff: StaffUser[]): Promise<void> {
  const { inTenant } = await import('../../server/tenancy/tenant-context.js');
  const { issueApiToken } = await import('../../server/identity/api-tokens.js');
  await inTenant(world.tenant, async (tx) => {
    for (const user of staff) user.auth = { Authorization: `Bearer ${(await issueApiToken(tx, user.userId)).token}` };
  });
}

export async function declareAll(world: TenderWorld, setup: NegotiatedSetup): Promise<void> {
  for (const evaluator of setup.evaluators) {
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${setup.noticeId}/evaluation/declaration`)
      .set(evaluator.auth)
      .expect(204);
  }
}

/** totals[bid][evaluator]: every evaluator scores every bid. */
export async function scoreAll(world: TenderWorld, setup: NegotiatedSetup, totals: number[][]): Promise<void> {
  for (const [b, bidId] of setup.bidIds.entries()) {
    for (const [e, evaluator] of setup.evaluators.entries()) {
      await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${setup.noticeId}/evaluation/scores`)
        .set(evaluator.auth)
        .send({ bidId, scores: split(totals[b]![e]!) })
        .expect(201);
    }
  }
}
