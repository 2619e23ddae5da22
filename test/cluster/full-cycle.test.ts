/**
 * Scenario 1 of issue 22: a tender cycle in three tenants at once, on two database servers,
 * through the load balancer: plan, notice, documents, publication, bids, the opening (by a worker,
 * on its timed job through the Redis Cluster), the lowest-price review and the award. Afterwards
 * each server holds its own tenants' data and nothing of the others'; both web processes served.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { addBidders } from '../support/bidders.js';
import { cluster, lb, tenantHandle } from '../support/cluster.js';
import { openingRecordOf, publishedTender, secondAfter } from '../support/cluster-tender.js';
import { securityFor } from '../support/tender.js';
import { servedBy } from '../../scripts/cluster/haproxy.js';
import type { ClusterState } from '../../scripts/cluster/index.js';

interface Cycle {
  slug: string;
  noticeId: string;
  bidIds: string[];
  awardId: string;
}

async function tenderCycle(state: ClusterState, slug: string, deadline: Date): Promise<Cycle> {
  const http = () => lb(state);
  const { noticeId, officer } = await publishedTender(state, slug, deadline);
  const tenant = await tenantHandle(slug);
  const api = `/t/${slug}/api/v1`;

  // Bidders are made as the other tiers' factories make them; their bids go over HTTP.
  const bidders = await addBidders(tenant, 2, 'CLU');
  const bidIds: string[] = [];
  for (const [i, bidder] of bidders.entries()) {
    const price = [90_000_000, 95_000_000][i]!;
    const receipt = await http()
      .post(`${api}/notices/${noticeId}/bids`)
      .set(bidder.auth)
      .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] });
    assert.equal(receipt.status, 201, `${slug} bid: ${JSON.stringify(receipt.body)}`);
    assert.ok(receipt.body.receiptNo);
    bidIds.push(receipt.body.bidId as string);
  }

  // Nobody asks for the opening: a worker opens the tender on its timed job.
  const opening = await openingRecordOf(
    state,
    { slug, noticeId },
    Math.max(0, deadline.getTime() - Date.now()) + 90_000,
  );
  assert.equal(opening.bids.length, 2, `${slug} opening: ${JSON.stringify(opening)}`);

  const review = await http().get(`${api}/notices/${noticeId}/evaluation/lowest-price`).set(officer).expect(200);
  const next = review.body.next as { bidId: string };
  await http()
    .post(`${api}/notices/${noticeId}/evaluation/reviews`)
    .set(officer)
    .send({ bidId: next.bidId, score: 100, reasons: 'Meets every criterion.' })
    .expect(201);
  const award = await http().post(`${api}/notices/${noticeId}/award`).set(officer);
  assert.equal(award.status, 201, `${slug} award: ${JSON.stringify(award.body)}`);
  return { slug, noticeId, bidIds, awardId: award.body.id as string };
}

async function tenantSchemas(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname like 'tenant\\_%' and nspname <> 'tenant_unbound' order by 1`,
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

async function count(url: string, sql: string, params: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('cluster: a tender cycle in three tenants on two database servers, through the load balancer', function () {
  this.timeout(8 * 60_000);
  let state: ClusterState;
  before(async function () {
    this.timeout(5 * 60_000);
    state = await cluster();
  });

  it('runs each cycle to its award; each server holds its own tenants and nothing of the others', async () => {
    const before = await servedBy(state.layout.haproxyStats);
    // The deadline (and opening) 75 s away, to the second: time for the three tenants' plans,
    // notices and bids, all at once.
    const deadline = secondAfter(75_000);
    const cycles = await Promise.all(Object.keys(state.tenants).map((slug) => tenderCycle(state, slug, deadline)));

    for (const [n, server] of state.servers.entries()) {
      const url = server.adminUrl.replace(/\/postgres$/, '/koneps');
      const here = Object.entries(state.tenants)
        .filter(([, on]) => on === n + 1)
        .map(([slug]) => `tenant_${slug}`);
      assert.deepEqual(await tenantSchemas(url), here.sort(), `tenant schemas on server ${n + 1}`);
      for (const cycle of cycles) {
        const schema = `tenant_${cycle.slug}`;
        if (!here.includes(schema)) continue;
        // The cycle's rows, where they belong (a schema named from our own list, not from input).
        assert.equal(
          await count(url, `select count(*) as n from ${schema}.bids where notice_id = $1`, [cycle.noticeId]),
          2,
        );
        assert.equal(await count(url, `select count(*) as n from ${schema}.awards where id = $1`, [cycle.awardId]), 1);
      }
    }
    // The registry (platform schema) lives on the primary only.
    const platformOn = await Promise.all(
      state.servers.map((s) =>
        count(
          s.adminUrl.replace(/\/postgres$/, '/koneps'),
          `select count(*) as n from pg_namespace where nspname = $1`,
          ['platform'],
        ),
      ),
    );
    assert.deepEqual(platformOn, [1, 0]);

    // Both web processes answered part of it.
    const after = await servedBy(state.layout.haproxyStats);
    for (const web of ['web1', 'web2'])
      assert.ok((after[web] ?? 0) - (before[web] ?? 0) > 5, `${web} served ${JSON.stringify(after)}`);
  });
});
