/**
 * Tenders on the cluster, made over HTTP through the load balancer as an officer would: a
 * published plan entry, a notice with one document, published. Shared by the cluster scenarios.
 */
import assert from 'node:assert/strict';
import type { ClusterState } from '../../scripts/cluster/index.js';
import type { OpeningRecord } from '../../server/procurement/opening/record.js';
import pg from 'pg';
import { addBidders, type Bidder } from './bidders.js';
import { lb, officerToken, tenantHandle } from './cluster.js';
import { attachTenderDocuments } from './documents.js';
import { securityFor } from './tender.js';
import { sleep, until } from './waiting.js';

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

/** The first whole minute at least `ms` from now: notice dates are entered to the minute on the form. */
export function wholeMinuteAfter(ms: number): Date {
  return new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);
}

/**
 * The first whole second at least `ms` from now: the API also takes an instant, so a scenario that
 * only needs its deadline to come soon need not wait for the next minute.
 */
export function secondAfter(ms: number): Date {
  return new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
}

export interface PublishedTender {
  slug: string;
  noticeId: string;
  officer: Record<string, string>;
}

/** A published plan entry and a lowest-price goods notice drafted on it, closing and opening at `deadline`; its id. */
export async function draftTender(
  state: ClusterState,
  slug: string,
  officer: Record<string, string>,
  deadline: Date,
  name = `Cluster ${slug}`,
): Promise<string> {
  const http = () => lb(state);
  const tenant = await tenantHandle(slug);
  const api = `/t/${slug}/api/v1`;
  const language = tenant.config.locales.default;
  const title = { [`title_${language}`]: name, title_en: `Cluster tier tender (${name})` };
  const plan = await http()
    .post(`${api}/plans`)
    .set(officer)
    .send({
      ...title,
      fiscalYear: deadline.getUTCFullYear(),
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
  const local =
    deadline.getTime() % 60_000 === 0 ? localMinute(deadline, tenant.config.timeZone) : deadline.toISOString();
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

/** A published lowest-price goods tender (one document) whose bids close and open at `deadline`. */
export async function publishedTender(
  state: ClusterState,
  slug: string,
  deadline: Date,
  name = `Cluster ${slug}`,
): Promise<PublishedTender> {
  const officer = await officerToken(state, slug);
  const noticeId = await draftTender(state, slug, officer, deadline, name);
  await attachTenderDocuments({ app: state.url as never, slug, auth: officer }, noticeId, 1);
  const published = await lb(state).post(`/t/${slug}/api/v1/notices/${noticeId}/publish?lng=en`).set(officer);
  assert.equal(published.status, 200, `${slug} publish: ${JSON.stringify(published.body)}`);
  return { slug, noticeId, officer };
}

/** A published tender with one bid per price, from new bidders named after `bidderPrefix`. */
export async function tenderWithBids(
  state: ClusterState,
  slug: string,
  deadline: Date,
  prices: number[],
  bidderPrefix: string,
): Promise<PublishedTender & { bidders: Bidder[] }> {
  const tender = await publishedTender(state, slug, deadline);
  const bidders = await addBidders(await tenantHandle(slug), prices.length, bidderPrefix);
  for (const [i, bidder] of bidders.entries()) {
    const price = prices[i]!;
    const receipt = await lb(state)
      .post(`/t/${slug}/api/v1/notices/${tender.noticeId}/bids`)
      .set(bidder.auth)
      .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] });
    assert.equal(receipt.status, 201, `${slug} bid: ${JSON.stringify(receipt.body)}`);
  }
  return { ...tender, bidders };
}

/** The opening record once a worker has opened the tender (nobody asks for it); `ms` bounds a hang. */
export async function openingRecordOf(
  state: ClusterState,
  tender: { slug: string; noticeId: string },
  ms: number,
): Promise<OpeningRecord> {
  let opening: OpeningRecord | undefined;
  await until(async () => {
    const res = await lb(state).get(`/t/${tender.slug}/api/v1/notices/${tender.noticeId}/opening`);
    if (res.status === 200) opening = res.body as OpeningRecord;
    else await sleep(1000);
    return res.status === 200;
  }, ms);
  return opening!;
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
