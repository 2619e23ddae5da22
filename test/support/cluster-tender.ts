/**
 * A published tender with bids on the cluster, made through the load balancer as in the tier's
 * full cycle (test/cluster/full-cycle.test.ts): for scenarios whose openings must fall due at a
 * chosen minute while something breaks.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { addBidders, type Bidder } from './bidders.js';
import { attachTenderDocuments } from './documents.js';
import { lb, officerToken, tenantHandle } from './cluster.js';
import { securityFor } from './tender.js';
import type { ClusterState } from '../../scripts/cluster/index.js';

/** `at` as the tenant's local "YYYY-MM-DDTHH:mm" (how notice dates are entered). */
export function localMinute(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .replace(' ', 'T');
}

/** The first whole minute at least `ms` from now: notice times are entered to the minute. */
export function wholeMinuteAfter(ms: number): Date {
  return new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);
}

export interface PublishedTender {
  slug: string;
  noticeId: string;
  bidders: Bidder[];
}

/** A published plan and a notice drafted on it (deadline and opening at `openingAt`); its id. */
export async function draftTender(
  state: ClusterState,
  slug: string,
  officer: Record<string, string>,
  openingAt: Date,
): Promise<string> {
  const http = () => lb(state);
  const tenant = await tenantHandle(slug);
  const api = `/t/${slug}/api/v1`;
  const language = tenant.config.locales.default;
  const title = { [`title_${language}`]: `Cluster ${slug}`, title_en: `Cluster tier tender (${slug})` };
  const plan = await http()
    .post(`${api}/plans`)
    .set(officer)
    .send({
      ...title,
      fiscalYear: openingAt.getUTCFullYear(),
      category: 'goods',
      estimatedBudget: 500_000_000,
      quarter: 4,
      method: 'open',
    })
    .expect(201);
  await http()
    .post(`${api}/plans/${plan.body.id as string}/publish`)
    .set(officer)
    .expect(204);
  const local = localMinute(openingAt, tenant.config.timeZone);
  const draft = await http()
    .post(`${api}/notices`)
    .set(officer)
    .send({
      ...title,
      planEntryId: plan.body.id,
      category: 'goods',
      competition: 'domestic',
      method: 'open',
      evaluationMethod: 'lowest-price',
      bidSecurityPercent: 5,
      estimatedPrice: 100_000_000,
      submissionDeadline: local,
      openingAt: local,
    });
  assert.equal(draft.status, 201, `${slug} draft: ${JSON.stringify(draft.body)}`);
  return draft.body.id as string;
}

/** Plan, notice (deadline and opening at `openingAt`), documents, publication and one bid per price. */
export async function publishedTender(
  state: ClusterState,
  slug: string,
  openingAt: Date,
  prices: number[],
  bidderPrefix: string,
): Promise<PublishedTender> {
  const http = () => lb(state);
  const officer = await officerToken(state, slug);
  const tenant = await tenantHandle(slug);
  const api = `/t/${slug}/api/v1`;
  const noticeId = await draftTender(state, slug, officer, openingAt);
  await attachTenderDocuments({ app: state.url as never, slug, auth: officer }, noticeId, 1);
  const published = await http().post(`${api}/notices/${noticeId}/publish?lng=en`).set(officer);
  assert.equal(published.status, 200, `${slug} publish: ${JSON.stringify(published.body)}`);
  const bidders = await addBidders(tenant, prices.length, bidderPrefix);
  for (const [i, bidder] of bidders.entries()) {
    const price = prices[i]!;
    const receipt = await http()
      .post(`${api}/notices/${noticeId}/bids`)
      .set(bidder.auth)
      .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] });
    assert.equal(receipt.status, 201, `${slug} bid: ${JSON.stringify(receipt.body)}`);
  }
  return { slug, noticeId, bidders };
}

/** One query as the superuser on a server's app database (tests that look at every schema). */
export async function adminQuery<T extends object>(
  adminUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl.replace(/\/postgres$/, '/koneps') });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
