/**
 * Issue 22, moving a tenant between database servers: the built CLI moves vietnam from the second
 * server to the primary while kurdistan takes bids through the load balancer. Kurdistan's bids all
 * get 201; vietnam's writes, sent to each web process in turn, answer 503 with Retry-After during
 * the window and 201 before and after it, from the same processes (never restarted). Vietnam is
 * then moved back and the kept source copies dropped, so the cluster is left as `up` made it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { addBidders, type Bidder } from '../support/bidders.js';
import { cluster, clusterPlatform, lb, officerToken, tenantHandle } from '../support/cluster.js';
import { publishedTender, secondAfter } from '../support/cluster-tender.js';
import { securityFor } from '../support/tender.js';
import { sleep } from '../support/waiting.js';
import { clusterEnv, type ClusterState } from '../../scripts/cluster/index.js';
import { alive } from '../../scripts/cluster/processes.js';

const MOVED = 'vietnam';
const BIDDING = 'kurdistan';
/** A plan entry of the moving tenant: its officer's write, sent to each web process in turn. */
const PLAN = { fiscalYear: 2027, category: 'goods', estimatedBudget: 100_000_000, quarter: 1, method: 'open' };

interface Answer {
  at: number;
  status: number;
  retryAfter?: string;
  web?: number;
}

/** Runs the built CLI as an operator would, with the owner roles; resolves with its output and exit code. */
function tenantsCli(state: ClusterState, args: string[], onLine: (line: string) => void) {
  const env = clusterEnv(state, true);
  const child = spawn(process.execPath, [path.resolve('dist/server/cli/tenants.js'), ...args], {
    env,
    cwd: path.dirname(env.TENANTS_DIR!),
  });
  let out = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out })),
  );
}

async function schemasLike(url: string, pattern: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname like $1 order by 1`,
      [pattern],
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('cluster: a tenant moved to another database server while another takes bids', function () {
  this.timeout(4 * 60_000);
  let state: ClusterState;
  before(async function () {
    this.timeout(5 * 60_000);
    state = await cluster();
  });

  it('refuses the moving tenant’s writes with 503 and Retry-After only during its window; the other’s bids all land', async () => {
    const started = Date.now();
    assert.equal(state.tenants[MOVED], 2);
    assert.equal(state.tenants[BIDDING], 1);
    const pids = [...state.web, ...state.workers].map((p) => p.pid);
    const bidding = await publishedTender(state, BIDDING, secondAfter(15 * 60_000), 'Bids during a move');
    const bidders: Bidder[] = await addBidders(await tenantHandle(BIDDING), 3, `MV${Date.now() % 100_000}`);
    const movedOfficer = await officerToken(state, MOVED);
    const movedPlan = (web: number) =>
      request(`http://127.0.0.1:${state.web[web]!.port}`)
        .post(`/t/${MOVED}/api/v1/plans`)
        .set(movedOfficer)
        .send({ ...PLAN, title_en: 'During a move', title_vi: 'Trong khi chuyển' });

    const bids: Answer[] = [];
    const writes: Answer[] = [];
    let stopped = false;
    const bidLoop = (async () => {
      for (let i = 0; !stopped; i++) {
        const at = Date.now();
        const price = 90_000_000 + i;
        const res = await lb(state)
          .post(`/t/${BIDDING}/api/v1/notices/${bidding.noticeId}/bids`)
          .set(bidders[i % bidders.length]!.auth)
          .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] });
        bids.push({ at, status: res.status });
        await sleep(100);
      }
    })();
    const writeLoop = (async () => {
      for (let i = 0; !stopped; i++) {
        const at = Date.now();
        const res = await movedPlan(i % 2);
        writes.push({ at, status: res.status, retryAfter: res.headers['retry-after'], web: i % 2 });
        await sleep(150);
      }
    })();

    await sleep(1000);
    const marks: Record<string, number> = {};
    const printed: string[] = [];
    const moved = await tenantsCli(state, ['move', MOVED, '--to', 'primary'], (line) => {
      printed.push(line);
      if (line.includes('read-only window opened')) marks.opened = Date.now();
      if (line.includes('registry switched')) marks.switched = Date.now();
      if (line.includes('read-only window closed')) marks.closed = Date.now();
    });
    await sleep(4000);
    stopped = true;
    await Promise.all([bidLoop, writeLoop]);
    process.stdout.write(`${printed.map((l) => `      ${l}`).join('\n')}\n`);
    assert.equal(moved.code, 0, moved.out);
    assert.match(moved.out, /Note: tenants\/vietnam\.yaml names placement SECOND_DATABASE_URL/);

    const tally = (list: Answer[]) =>
      JSON.stringify(
        list.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {}),
      );
    process.stdout.write(`      ${BIDDING} bids: ${tally(bids)}; ${MOVED} writes: ${tally(writes)}\n`);
    assert.ok(bids.length > 20 && bids.every((b) => b.status === 201), `${BIDDING} bids: ${tally(bids)}`);
    // Every write of the moving tenant: stored (201), or refused with a time to come back.
    assert.ok(
      writes.every((w) => w.status === 201 || (w.status === 503 && Number(w.retryAfter) > 0)),
      `${MOVED} writes: ${tally(writes)}`,
    );
    const refused = writes.filter((w) => w.status === 503);
    for (const web of [0, 1]) {
      assert.ok(
        refused.some((w) => w.web === web),
        `web${web + 1} never refused a write: ${tally(writes)}`,
      );
      // Stored before the window, and again after it, by the same process.
      assert.ok(writes.some((w) => w.web === web && w.status === 201 && w.at < marks.opened!));
      assert.ok(writes.some((w) => w.web === web && w.status === 201 && w.at > marks.closed!));
    }
    // Refused only inside the window (a process sees its end within about two seconds).
    assert.ok(refused.every((w) => w.at >= marks.opened! - 100 && w.at <= marks.closed! + 2500));
    assert.ok(writes.filter((w) => w.at > marks.closed! + 2500).every((w) => w.status === 201));
    assert.deepEqual(
      pids.map((pid) => alive(pid)),
      pids.map(() => true),
      'a web or worker process died',
    );

    // Where the data is now: the registry says the primary; the second server keeps a closed copy.
    const platform = await clusterPlatform();
    assert.equal((await platform.tenancy.registry.findNow(MOVED))!.placement, null);
    const [first, second] = state.servers.map((s) => s.adminUrl.replace(/\/postgres$/, '/koneps'));
    assert.deepEqual(await schemasLike(first!, `tenant\\_${MOVED}%`), [`tenant_${MOVED}`]);
    assert.match((await schemasLike(second!, `tenant\\_${MOVED}%`)).join(), new RegExp(`^tenant_${MOVED}_moved_`));
    process.stdout.write(
      `      moved in ${((marks.closed! - marks.opened!) / 1000).toFixed(1)} s of read-only window\n`,
    );

    // Back where `up` put it, and the kept copies dropped, for the tier's later files.
    const back = await tenantsCli(state, ['move', MOVED, '--to', 'SECOND_DATABASE_URL'], () => undefined);
    assert.equal(back.code, 0, back.out);
    assert.equal((await platform.tenancy.registry.findNow(MOVED))!.placement, 'SECOND_DATABASE_URL');
    await lb(state)
      .post(`/t/${MOVED}/api/v1/plans`)
      .set(movedOfficer)
      .send({ ...PLAN, title_en: 'After moving back', title_vi: 'Sau khi chuyển về' })
      .expect(201);
    for (const url of [first!, second!]) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of await schemasLike(url, `tenant\\_${MOVED}\\_moved\\_%`))
          await client.query(`drop schema ${schema} cascade`);
      } finally {
        await client.end();
      }
    }
    assert.deepEqual(await schemasLike(second!, `tenant\\_${MOVED}%`), [`tenant_${MOVED}`]);
    assert.deepEqual(await schemasLike(first!, `tenant\\_${MOVED}%`), []);
    process.stdout.write(`      the scenario took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
