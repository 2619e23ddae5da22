/**
 * Many tenants on one web process. 500 tenants are provisioned through the provisioning service
 * (schema, migrations, seed), a few at a time, each with one notice published through the notices
 * service. The web process then runs on its own (server/main.ts, as the web role of a production
 * install: workers elsewhere, the outbox relay here) and is asked for the notice page: in the
 * "500" rounds each request goes to the next tenant, round robin over all of them; in the "1"
 * rounds every request goes to one tenant. Rounds are interleaved. Afterwards: the process's RSS,
 * its heap after a full collection minus the same at one tenant, per tenant, and the entries of
 * each tenant-keyed cache. Targets: p50 at 500 ÷ p50 at 1 <= 1.1; RSS <= 300 MB.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { bootPlatform } from '../server/bootstrap.js';
import { freePort } from '../server/db/embedded.js';
import { createI18n } from '../server/i18n/i18n.js';
import { openQueues } from '../server/jobs/queues.js';
import { createLogger } from '../server/logger.js';
import { createServices } from '../server/services.js';
import { buildDist, median, scratch, publishBenchNotice, type Figure, type Server } from './support.js';
import { startWeb, stopWeb, waitListening } from './web-process.js';

/** BENCH_TENANTS=50 for a quick try; the target is stated for 500. */
const TENANTS = Number(process.env.BENCH_TENANTS ?? 500);
/** Tenants provisioned at once: schema work is mostly PostgreSQL's, so a few overlap well on 2 cores. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const ROUNDS = 4;
const MB = 1024 * 1024;

/** Provisions the tenants, WORKERS at a time; returns each one's notice page path and the time taken. */
async function provision(env: NodeJS.ProcessEnv, databaseUrl: string, prefix: string) {
  const platform = await bootPlatform({
    env: { ...env, DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: databaseUrl, QUEUE_PREFIX: prefix },
    logger: createLogger('silent'),
  });
  const queues = openQueues({ databaseUrl, prefix });
  const services = createServices(platform, queues, await createI18n());
  try {
    const limit = pLimit(WORKERS);
    const started = performance.now();
    const pages = await Promise.all(
      Array.from({ length: TENANTS }, (_, i) =>
        limit(async () => {
          const slug = `many-${String(i).padStart(3, '0')}`;
          const record = await platform.provisioning.create(slug, { from: 'korea', demo: false });
          const noticeId = await publishBenchNotice(services, platform.tenancy.handleFor(record)!);
          return `/t/${slug}/notices/${noticeId}`;
        }),
      ),
    );
    return { pages, ms: performance.now() - started };
  } finally {
    // The relay first: a relay still under way when the queues close would never finish.
    await services.relay.stop();
    await queues.close();
    await services.close();
    await platform.close();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on the keep-alive connection; its latency in milliseconds. */
function get(port: number, pagePath: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port, path: pagePath }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${pagePath}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One request per page, in order, one at a time on one keep-alive connection. */
async function round(port: number, pages: string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const page of pages) latencies.push(await get(port, page));
  return latencies;
}

export async function benchTenants(server: Server, env: NodeJS.ProcessEnv): Promise<Figure[]> {
  const db = await scratch(server, 'tenants');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'koneps-tenants-'));
  const prefix = `{bench-${randomBytes(3).toString('hex')}}`;
  let web: ReturnType<typeof startWeb> | undefined;
  try {
    const provisioned = await provision(env, db.url, prefix);
    const pages = provisioned.pages;
    const one = Array.from({ length: TENANTS }, () => pages[0]!);
    const port = await freePort();
    await buildDist();
    web = startWeb({ databaseUrl: db.url, dataDir, port, prefix, env });
    await waitListening(port, pages[0]!, web.child);

    // One tenant, warm: the reference for memory.
    await round(port, one);
    const atOne = await web.ask(true);
    // Every tenant once (each one's first request does its one-time work), then the measured rounds.
    await round(port, pages);
    const many: number[] = [];
    const single: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternating which goes first, so a drift of the machine falls on both sides.
      if (i % 2 === 0) {
        many.push(...(await round(port, pages)));
        single.push(...(await round(port, one)));
      } else {
        single.push(...(await round(port, one)));
        many.push(...(await round(port, pages)));
      }
    }
    // RSS as the round left it; the heap after a full collection, against the same at one tenant.
    await round(port, pages);
    const after = await web.ask(false);
    const collected = await web.ask(true);
    const p50many = median(many);
    const p50one = median(single);
    const ratio = p50many / p50one;
    const rss = after.memory.rss / MB;
    const perTenantKb = (collected.memory.heapUsed - atOne.memory.heapUsed) / (TENANTS - 1) / 1024;
    const caches = Object.entries(collected.caches)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    return [
      {
        name: `Tenants: provision ${TENANTS} (service, ${WORKERS} at a time, one notice each)`,
        value: provisioned.ms / 1000,
        unit: 's',
        detail: `${(provisioned.ms / TENANTS).toFixed(0)} ms a tenant`,
      },
      {
        name: `Tenants: notice page p50, 1 tenant`,
        value: p50one,
        unit: 'ms',
        detail: `${single.length} requests`,
      },
      {
        name: `Tenants: notice page p50, round robin over ${TENANTS}`,
        value: p50many,
        unit: 'ms',
        detail: `${many.length} requests`,
      },
      {
        name: `Tenants: notice page p50 at ${TENANTS} ÷ at 1`,
        value: ratio,
        unit: 'x',
        target: '<= 1.1',
        ok: ratio <= 1.1,
      },
      {
        name: `Tenants: web process RSS after a round over ${TENANTS}`,
        value: rss,
        unit: 'MB',
        target: '<= 300 MB',
        ok: rss <= 300,
        detail: `${(atOne.memory.rss / MB).toFixed(0)} MB at 1 tenant`,
      },
      {
        name: `Tenants: heap per tenant (after GC, ${TENANTS} vs 1)`,
        value: perTenantKb,
        unit: 'KB',
        detail: `heap ${(atOne.memory.heapUsed / MB).toFixed(0)} → ${(collected.memory.heapUsed / MB).toFixed(0)} MB; cache entries: ${caches}`,
      },
    ];
  } finally {
    agent.destroy();
    if (web) await stopWeb(web.child);
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}
