/**
 * Soak: one web process (the built server on its own, as the web role of a production install,
 * bench/web-process.ts) under steady mixed traffic for `--minutes N` (10 by default): page views
 * (tenant home, notice page), API reads, searches, sealed bids and sign-ins (bearer tokens, with
 * the password's hash checked each time) over 20 tenants, paced at BENCH_SOAK_RATE requests a
 * second (40) from 4 keep-alive connections. The process reports its RSS and heap every 5 s and
 * its event-loop delay (perf_hooks' monitorEventLoopDelay) each minute; a table row a minute shows
 * the minute's mean RSS and heap (garbage collection's saw-tooth averaged out) and its delay. The
 * verdict is the slope of RSS over the last half of the run (least squares over the 5-s samples,
 * MB a minute): it passes when RSS grows by at most 1 MB a minute (a falling RSS is no leak). A
 * minute of warm-up comes first, not counted.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootPlatform } from '../server/bootstrap.js';
import { freePort } from '../server/db/embedded.js';
import { createI18n } from '../server/i18n/i18n.js';
import { openQueues } from '../server/jobs/queues.js';
import { createLogger } from '../server/logger.js';
import { createServices } from '../server/services.js';
import { DEMO_PASSWORD } from '../server/tenancy/seed.js';
import { addBidders } from '../test/support/bidders.js';
import { buildDist, percentile, publishBenchNotice, scratch, slope, type Figure, type Server } from './support.js';
import { startWeb, stopWeb, waitListening, type WebAnswer } from './web-process.js';

const TENANTS = 20;
const BIDDERS = 5;
const CONNECTIONS = 4;
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 40);
const WARM_UP_MS = 60_000;
const FLAT_MB_PER_MINUTE = 1;
const MB = 1024 * 1024;
const SAMPLE_MS = 5000;

interface Site {
  slug: string;
  noticeId: string;
  bidders: { email: string; auth: string }[];
}

interface Request {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: object;
}

/** The mix, by weight: what a tenant's public and its suppliers ask for in a busy hour. */
const MIX: [number, (site: Site, n: number) => Request][] = [
  [25, (s) => ({ kind: 'home page', method: 'GET', path: `/t/${s.slug}/` })],
  [25, (s) => ({ kind: 'notice page', method: 'GET', path: `/t/${s.slug}/notices/${s.noticeId}` })],
  [15, (s) => ({ kind: 'API read', method: 'GET', path: `/t/${s.slug}/api/v1/notices` })],
  [15, (s) => ({ kind: 'search', method: 'GET', path: `/t/${s.slug}/notices?q=${encodeURIComponent('사무용품')}` })],
  [
    15,
    (s, n) => {
      const price = 45_000_000 + (n % 1000) * 1000;
      return {
        kind: 'bid',
        method: 'POST',
        path: `/t/${s.slug}/api/v1/notices/${s.noticeId}/bids`,
        headers: { authorization: s.bidders[n % BIDDERS]!.auth },
        body: { price, bidSecurityAmount: Math.ceil(price / 20), picks: [1 + (n % 15), 1 + ((n + 5) % 15)] },
      };
    },
  ],
  [
    5,
    (s, n) => ({
      kind: 'sign-in',
      method: 'POST',
      path: `/t/${s.slug}/api/v1/auth/token`,
      body: { email: s.bidders[n % BIDDERS]!.email, password: DEMO_PASSWORD },
    }),
  ],
];
const TOTAL_WEIGHT = MIX.reduce((t, [w]) => t + w, 0);

function pick(n: number, sites: Site[]): Request {
  let r = (n * 7919) % TOTAL_WEIGHT; // a fixed, well-spread order: runs are comparable
  const site = sites[n % sites.length]!;
  for (const [weight, make] of MIX) {
    if (r < weight) return make(site, n);
    r -= weight;
  }
  throw new Error('unreachable');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function send(port: number, req: Request): Promise<number> {
  const data = req.body ? JSON.stringify(req.body) : undefined;
  return new Promise((resolve) => {
    const r = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: req.path,
        method: req.method,
        headers: {
          ...req.headers,
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    r.on('error', () => resolve(0));
    r.end(data);
  });
}

/** Tenants from the korea template, each with a published notice and a few signed-in suppliers. */
async function provision(env: NodeJS.ProcessEnv, databaseUrl: string, prefix: string): Promise<Site[]> {
  const platform = await bootPlatform({
    env: { ...env, DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: databaseUrl, QUEUE_PREFIX: prefix },
    logger: createLogger('silent'),
  });
  const queues = openQueues({ databaseUrl, prefix });
  const services = createServices(platform, queues, await createI18n());
  try {
    const sites: Site[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const slug = `soak-${String(i).padStart(2, '0')}`;
      const tenant = platform.tenancy.handleFor(
        await platform.provisioning.create(slug, { from: 'korea', demo: false }),
      )!;
      const noticeId = await publishBenchNotice(services, tenant);
      const bidders = (await addBidders(tenant, BIDDERS, 'SOAK')).map((b) => ({
        email: b.email,
        auth: b.auth.Authorization!,
      }));
      sites.push({ slug, noticeId, bidders });
    }
    return sites;
  } finally {
    await services.relay.stop();
    await queues.close();
    await services.close();
    await platform.close();
  }
}

interface Minute {
  minute: number;
  requests: number;
  failed: Record<string, number>;
  latencies: number[];
  /** RSS and heap (MB) every SAMPLE_MS of the minute, at minutes since the start. */
  memory: { at: number; rss: number; heap: number }[];
  loop: WebAnswer['loop'];
}

const mean = (values: number[]) => values.reduce((t, v) => t + v, 0) / values.length;

export async function benchSoak(server: Server, env: NodeJS.ProcessEnv, minutes: number): Promise<Figure[]> {
  const db = await scratch(server, 'soak');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'koneps-soak-'));
  const prefix = `{bench-${randomBytes(3).toString('hex')}}`;
  let web: ReturnType<typeof startWeb> | undefined;
  try {
    const sites = await provision(env, db.url, prefix);
    await buildDist();
    const port = await freePort();
    // Every request comes from 127.0.0.1: the per-address limits would refuse the sign-ins and searches.
    web = startWeb({
      databaseUrl: db.url,
      dataDir,
      port,
      prefix,
      env,
      extra: { RATE_LIMITS: 'api-token=1000000/60,public-search=1000000/60' },
    });
    await waitListening(port, `/t/${sites[0]!.slug}/`, web.child);

    let n = 0;
    let current: Omit<Minute, 'minute' | 'loop'> = { requests: 0, failed: {}, latencies: [], memory: [] };
    let running = true;
    const connection = async (c: number) => {
      const interval = (CONNECTIONS / RATE) * 1000;
      let next = performance.now() + (c * interval) / CONNECTIONS;
      while (running) {
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        next += interval;
        const req = pick(n++, sites);
        const t0 = performance.now();
        const status = await send(port, req);
        const into = current;
        into.requests++;
        into.latencies.push(performance.now() - t0);
        if (status < 200 || status >= 300) {
          const key = `${req.kind} ${status}`;
          into.failed[key] = (into.failed[key] ?? 0) + 1;
        }
        // Behind schedule (a slow machine): carry on from now rather than bursting to catch up.
        next = Math.max(next, performance.now() - interval);
      }
    };
    const traffic = Array.from({ length: CONNECTIONS }, (_, c) => connection(c));

    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `Soak: ${TENANTS} tenants, ${RATE} req/s on ${CONNECTIONS} connections, ${minutes} min after ${WARM_UP_MS / 1000} s of warm-up`,
    );
    out('minute  requests  failed  req p50/p99 ms   RSS MB  heap MB  loop delay p50/p99/max ms');
    await new Promise((r) => setTimeout(r, WARM_UP_MS));
    const samples: Minute[] = [];
    const close = async (minute: number) => {
      const { loop } = await web!.ask(false, true);
      const m = { minute, ...current, loop };
      current = { requests: 0, failed: {}, latencies: [], memory: [] };
      samples.push(m);
      const failed = Object.values(m.failed).reduce((t, v) => t + v, 0);
      const lat = m.latencies.length
        ? `${percentile(m.latencies, 50).toFixed(0)}/${percentile(m.latencies, 99).toFixed(0)}`
        : '-';
      const rss = m.memory.length ? mean(m.memory.map((s) => s.rss)).toFixed(0) : '-';
      const heap = m.memory.length ? mean(m.memory.map((s) => s.heap)).toFixed(0) : '-';
      out(
        `${String(minute).padStart(6)}  ${String(m.requests).padStart(8)}  ${String(failed).padStart(6)}  ${lat.padStart(14)}  ${rss.padStart(7)}  ${heap.padStart(7)}  ${loop.p50.toFixed(1)}/${loop.p99.toFixed(1)}/${loop.max.toFixed(1)}`,
      );
    };
    await close(0); // the warm-up, as the line's start (its delay includes the first requests' work)
    const start = Date.now();
    for (let tick = 1; tick <= (minutes * 60_000) / SAMPLE_MS; tick++) {
      await new Promise((r) => setTimeout(r, Math.max(0, start + tick * SAMPLE_MS - Date.now())));
      const { memory } = await web.ask(false);
      current.memory.push({ at: (Date.now() - start) / 60_000, rss: memory.rss / MB, heap: memory.heapUsed / MB });
      if ((tick * SAMPLE_MS) % 60_000 === 0) await close((tick * SAMPLE_MS) / 60_000);
    }
    running = false;
    await Promise.all(traffic);
    const collected = await web.ask(true);

    const measured = samples.slice(1);
    const memory = measured.flatMap((s) => s.memory);
    const lastHalf = memory.filter((s) => s.at >= minutes / 2);
    const rssSlope = slope(lastHalf.map((s) => ({ x: s.at, y: s.rss })));
    const heapSlope = slope(lastHalf.map((s) => ({ x: s.at, y: s.heap })));
    const requests = measured.reduce((t, s) => t + s.requests, 0);
    const failures: Record<string, number> = {};
    for (const s of measured) for (const [k, v] of Object.entries(s.failed)) failures[k] = (failures[k] ?? 0) + v;
    const failed = Object.values(failures).reduce((t, v) => t + v, 0);
    const worstLoopP99 = Math.max(...measured.map((s) => s.loop.p99));
    const first = mean(measured[0]!.memory.map((s) => s.rss));
    const last = mean(measured.at(-1)!.memory.map((s) => s.rss));
    return [
      {
        name: `Soak ${minutes} min: RSS slope over the last half (least squares)`,
        value: rssSlope,
        unit: 'MB/min',
        target: `<= ${FLAT_MB_PER_MINUTE}`,
        ok: rssSlope <= FLAT_MB_PER_MINUTE,
        detail: `mean RSS ${first.toFixed(0)} MB in the first minute, ${last.toFixed(0)} MB in the last; heap slope ${heapSlope.toFixed(2)} MB/min, ${(collected.memory.heapUsed / MB).toFixed(0)} MB after a full GC at the end; ${lastHalf.length} samples`,
      },
      {
        name: `Soak ${minutes} min: event-loop delay p99, worst minute`,
        value: worstLoopP99,
        unit: 'ms',
        detail: `max ${Math.max(...measured.map((s) => s.loop.max)).toFixed(0)} ms`,
      },
      {
        name: `Soak ${minutes} min: requests (mixed), failed`,
        value: requests,
        unit: 'requests',
        detail: `${failed} failed${failed ? `: ${JSON.stringify(failures)}` : ''}; ${(requests / (minutes * 60)).toFixed(1)} req/s`,
      },
    ];
  } finally {
    agent.destroy();
    if (web) await stopWeb(web.child);
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}
