/**
 * SIGTERM during a burst of bids, against the real web process (tsx server/main.ts) on the suite's
 * database and queue. The bids are held inside their transactions (the test locks the bids table)
 * until the signal has arrived, so each one is provably under way when the process is told to stop.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { Socket } from 'node:net';
import pg from 'pg';
import { freePort } from '../../server/db/embedded.js';
import { addBidders, type Bidder } from '../support/bidders.js';
import { testDatabaseUrl, testEnv } from '../support/platform.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld, type TenderWorld } from '../support/tender.js';
import { until } from '../support/waiting.js';

type Outcome = { status: number; connection?: string; body: Record<string, unknown> } | { error: string };

/** One request; a socket error (refused, hung up) is an outcome too, never a throw. */
function send(port: number, agent: http.Agent, method: string, path: string, headers = {}, body?: unknown) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Outcome>((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

/** A Seoul-time input (`YYYY-MM-DDT10:00`) `days` from now. */
const seoulDay = (days: number, hour: string) =>
  `${new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10)}T${hour}`;

describe('SIGTERM during a burst of bids (the real web process)', function () {
  this.timeout(120_000);
  const IN_FLIGHT = 12;
  const LATE = 3;
  let world: TenderWorld;
  let noticeId: string;
  let bidders: Bidder[];
  let web: ChildProcess | undefined;

  before(async () => {
    world = await tenderWorld('korea', new Date().toISOString());
    const planEntryId = await publishedPlanEntry(world, { title_ko: '사무용품 구매 계획' });
    noticeId = (
      await publishedNotice(world, {
        planEntryId,
        title_ko: '사무용품 구매',
        estimatedPrice: 100_000_000,
        baseAmount: 100_000_000,
        submissionDeadline: seoulDay(30, '10:00'),
        openingAt: seoulDay(30, '11:00'),
      })
    ).id;
    bidders = await addBidders(world.tenant, IN_FLIGHT + LATE, 'TERM');
  });
  after(async () => {
    web?.kill('SIGKILL');
    await world.platform.close();
  });

  it('answers every bid under way with its receipt, stores each once, refuses new connections and exits 0', async () => {
    const port = await freePort();
    web = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...testEnv({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', DB_POOL_MAX: '30' }),
        RUN_WORKER_IN_WEB: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logged = '';
    web.stdout!.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    web.stderr!.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const exited = once(web, 'exit') as Promise<[number | null]>;
    const probe = new http.Agent();
    await until(async () => 'status' in (await send(port, probe, 'GET', '/healthz')), 60_000);

    // An idle keep-alive connection, which the stop must close without waiting for the bids.
    const idle = await new Promise<Socket>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: new http.Agent({ keepAlive: true }) });
      req.once('socket', (socket: Socket) =>
        req.once('response', (res) => res.resume().once('end', () => resolve(socket))),
      );
      req.once('error', reject);
    });
    const idleClosed = once(idle, 'close');

    const lock = new pg.Client({ connectionString: testDatabaseUrl() });
    await lock.connect();
    const agent = new http.Agent({ keepAlive: true });
    const bid = (bidder: Bidder, price: number) =>
      send(port, agent, 'POST', `/t/${world.slug}/api/v1/notices/${noticeId}/bids?lng=en`, bidder.auth, {
        price,
        bidSecurityAmount: securityFor(price),
        picks: [3, 7],
      });
    let burst: Promise<Outcome>[];
    try {
      // Every bid waits inside its transaction until the lock is released.
      await lock.query(`begin; lock table ${world.tenant.schema}.bids in share mode`);
      burst = bidders.slice(0, IN_FLIGHT).map((b, i) => bid(b, 90_000_000 + i));
      // Watched from another connection: inside the lock's transaction pg_stat_activity stays as first read.
      await until(async () => {
        const { rows } = await world.platform.databases.primary.raw<{ rows: { n: number }[] }>(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike '%bids%'`,
        );
        return rows[0]!.n === IN_FLIGHT;
      }, 60_000);

      web.kill('SIGTERM');
      await until(() => Promise.resolve(logged.includes('stopped accepting connections')), 30_000);
      await idleClosed;
      // Too late: the listener is closed, the connection is refused, nothing is half-answered.
      const late = await Promise.all(bidders.slice(IN_FLIGHT).map((b) => bid(b, 95_000_000)));
      assert.deepEqual(
        late,
        Array.from({ length: LATE }, () => ({ error: 'ECONNREFUSED' })),
      );
    } finally {
      await lock.query('commit').catch(() => {});
      await lock.end();
    }

    const answered = await Promise.all(burst);
    const cut = answered.filter((o) => 'error' in o);
    assert.deepEqual(cut, [], 'no bid under way lost its answer');
    const receipts = answered.map((o) => {
      assert.ok('status' in o);
      assert.equal(o.status, 201, JSON.stringify(o.body));
      assert.equal(o.connection, 'close', 'a response given while stopping closes its connection');
      return o.body.receiptNo as string;
    });
    const stored = await world.platform.databases.primary.raw<{ rows: { receipt_no: string; n: number }[] }>(
      `select receipt_no, count(*)::int as n from ${world.tenant.schema}.bids where receipt_no = any(?) group by 1`,
      [receipts],
    );
    assert.equal(stored.rows.length, IN_FLIGHT, 'every receipt is stored');
    assert.ok(
      stored.rows.every((r) => r.n === 1),
      'each exactly once',
    );
    const [code] = await exited;
    assert.equal(code, 0, logged.slice(-2000));
  });
});
