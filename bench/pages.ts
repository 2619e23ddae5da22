/**
 * Pages at the speed of their data. `npm start` runs exactly as a user starts it (embedded
 * default, development mode, its own process); the benchmark publishes 40 notices through the API,
 * signs the officer in through the pages, then asks for four pages with 4 keep-alive connections:
 * the tenant home, the public notice list (20 notices on the page), a notice page and the officer's
 * notices desk. The baseline is a bare Express handler in this process sending, for each page, the
 * very SQL statements the server sends for it (recorded from the same code on the same database,
 * session and user reads included) through pg, and the rows as JSON. Rounds are interleaved.
 * Target: server ÷ baseline >= 0.6 for each page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import express from 'express';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import pg from 'pg';
import request from 'supertest';
import { buildApp } from '../server/app.js';
import { bootPlatform } from '../server/bootstrap.js';
import { freePort } from '../server/db/embedded.js';
import { createI18n } from '../server/i18n/i18n.js';
import { openQueues } from '../server/jobs/queues.js';
import { defaultMasterKeyFile } from '../server/secret-files.js';
import { createServices } from '../server/services.js';
import { DEMO_PASSWORD, demoEmail } from '../server/tenancy/seed.js';
import { csrfFrom, freshTotp } from '../test/support/session.js';
import { ownRedis } from './redis.js';
import { buildDist, median, percentile, TENDER_PDF, type Figure } from './support.js';

const SLUG = 'kurdistan';
const NOTICES = 40;
const CONNECTIONS = 4;
const ROUNDS = 3;
const ROUND_MS = 3000;
/** A load test comes from one address: the public search limit would answer it 429 (an operator's setting). */
const RATE_LIMITS = 'public-search=9999999/1';

interface Page {
  name: string;
  path: string;
  headers: Record<string, string>;
}

/** What a page sent to PostgreSQL, or to Redis (production's sessions and limits), in order. */
type Statement = { text: string; values?: unknown[] } | { redis: string; args: unknown[] };

export async function startServer(
  dataDir: string,
  port: number,
  production?: Record<string, string>,
): Promise<ChildProcess> {
  // BENCH_PROFILE_DIR: the same server under --cpu-prof, its profile written there on exit.
  const profile = process.env.BENCH_PROFILE_DIR;
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  // Production runs what the image runs, `node dist/server/main.js` (built by buildDist first);
  // the embedded default what `npm start` runs, the sources through tsx.
  const [command, args] = production
    ? ['node', [...profiling, 'dist/server/main.js']]
    : profile
      ? ['node', [...profiling, '--import', 'tsx', 'server/main.ts']]
      : ['npm', ['start', '--silent']];
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      RATE_LIMITS,
      ...production,
    },
    stdio: 'ignore',
    detached: true,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/t/${SLUG}/`)).status === 200) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('npm start served no page within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The officer's bearer token, then a plan entry and NOTICES published notices, all through the API. */
export async function publishNotices(base: string): Promise<string> {
  const email = demoEmail(SLUG, 'officer');
  const api = request(`${base}/t/${SLUG}/api/v1`);
  const token = await api
    .post('/auth/token')
    .send({ email, password: DEMO_PASSWORD, secondFactor: await freshTotp(`${SLUG}/${email}`) })
    .expect(201);
  const auth = { Authorization: `Bearer ${token.body.token as string}` };
  const plan = await api
    .post('/plans')
    .set(auth)
    .send({
      title_ckb: 'پلانی کڕینی ساڵانە',
      fiscalYear: new Date().getFullYear(),
      category: 'goods',
      estimatedBudget: 5_000_000_000,
      quarter: 4,
      method: 'open',
    })
    .expect(201);
  await api
    .post(`/plans/${plan.body.id as string}/publish`)
    .set(auth)
    .expect(204);
  const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  let last = '';
  for (let i = 1; i <= NOTICES; i++) {
    const draft = await api
      .post('/notices')
      .set(auth)
      .send({
        planEntryId: plan.body.id,
        title_ckb: `کڕینی کەلوپەلی نووسینگە، بەشی ${i}`,
        title_en: `Office supplies, part ${i}`,
        category: 'goods',
        competition: 'domestic',
        method: 'open',
        evaluationMethod: 'lowest-price',
        estimatedPrice: 50_000_000 + i * 100_000,
        bidSecurityPercent: 2,
        submissionDeadline: `${day}T10:00`,
        openingAt: `${day}T10:30`,
      })
      .expect(201);
    await api
      .post(`/notices/${draft.body.id as string}/documents`)
      .set(auth)
      .attach('documents', TENDER_PDF, 'tender.pdf')
      .expect(201);
    await api
      .post(`/notices/${draft.body.id as string}/publish`)
      .set(auth)
      .expect(200);
    last = draft.body.id as string;
  }
  return last;
}

/** Signs the officer in through the pages, as a browser does; returns the session's Cookie header. */
export async function officerCookie(base: string, headers: Record<string, string> = {}): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const step = async (url: string, form?: Record<string, string>) => {
    const res = await fetch(`${base}${url}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...headers,
        cookie: cookie(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    keep(res);
    return res;
  };
  const email = demoEmail(SLUG, 'officer');
  const login = await (await step(`/t/${SLUG}/login`)).text();
  const signed = await step(`/t/${SLUG}/login`, { _csrf: csrfFrom(login), email, password: DEMO_PASSWORD });
  const second = await (await step(signed.headers.get('location')!.replace(base, ''))).text();
  const done = await step(`/t/${SLUG}/login/second-factor`, {
    _csrf: csrfFrom(second),
    code: await freshTotp(`${SLUG}/${email}`),
  });
  if (done.status !== 303) throw new Error(`second factor refused: ${done.status}`);
  return cookie();
}

/**
 * Joins the embedded server `npm start` runs, builds the same app in this process and records
 * every statement each page sends through pg (knex, the session store and the rate limiter all
 * use it). Each page is asked for twice; the second, warm, request is recorded.
 */
async function recordStatements(dataDir: string, pages: Page[], redisUrl?: string) {
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'error', RATE_LIMITS, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
  const platform = await bootPlatform({ env });
  const queues = openQueues({ databaseUrl: platform.databaseUrl, redisUrl, prefix: platform.config.queuePrefix });
  const services = createServices(platform, queues, await createI18n(undefined, { pseudo: true }));
  const app = buildApp({ services, trustProxy: ['loopback'], readiness: [] });
  // Patched for the recording only, and put back before the load begins.
  let recording: Statement[] | undefined;
  const restore = [
    patch(pg.Client.prototype, 'query', (config: string | { text: string; values?: unknown[] }, values?: unknown[]) =>
      recording?.push(
        typeof config === 'string' ? { text: config, values } : { text: config.text, values: config.values },
      ),
    ),
    // The rate limits' client (ioredis) and the sessions' (node-redis).
    patch(Redis.prototype, 'sendCommand', (command: { name: string; args: unknown[] }) =>
      recording?.push({ redis: command.name, args: command.args }),
    ),
    patch(owner(createClient(), 'sendCommand'), 'sendCommand', (args: unknown[]) =>
      recording?.push({ redis: String(args[0]), args: args.slice(1) }),
    ),
  ];
  const recorded = new Map<string, Statement[]>();
  try {
    const ask = async (page: Page) => {
      const res = await request(app).get(page.path).set(page.headers);
      if (res.status !== 200) throw new Error(`recording ${page.name}: ${res.status} ${res.text.slice(0, 300)}`);
    };
    for (const page of pages) {
      await ask(page);
      recording = [];
      await ask(page);
      recorded.set(page.name, recording);
      recording = undefined;
    }
  } finally {
    for (const undo of restore) undo();
    await queues.close();
    await services.close();
  }
  return { recorded, databaseUrl: platform.databaseUrl, close: () => platform.close() };
}

/** The prototype that defines `method`, shared by every client of the class. */
function owner(instance: object, method: string): object {
  let proto = Object.getPrototypeOf(instance) as object;
  while (!Object.hasOwn(proto, method)) proto = Object.getPrototypeOf(proto) as object;
  return proto;
}

/** Calls `spy` with each call's arguments before the method runs; returns the undo. */
function patch<A extends unknown[]>(target: object, method: string, spy: (...args: A) => unknown): () => void {
  const owner = target as Record<string, (...args: unknown[]) => unknown>;
  const original = owner[method]!;
  owner[method] = function (this: unknown, ...args: unknown[]) {
    spy(...(args as A));
    return original.apply(this, args);
  };
  return () => {
    owner[method] = original;
  };
}

/** The baseline: each page's statements in order on one connection, the rows sent as JSON. */
function baselineApp(pool: pg.Pool, redis: Redis | undefined, recorded: Map<string, Statement[]>) {
  const app = express();
  app.get('/:page', async (req, res) => {
    const statements = recorded.get(req.params.page)!;
    const client = await pool.connect();
    try {
      const rows: unknown[] = [];
      for (const s of statements) {
        if ('redis' in s) {
          rows.push(await redis!.call(s.redis, ...(s.args as (string | Buffer | number)[])));
          continue;
        }
        const result = (await client.query(s.text, s.values)) as pg.QueryResult | pg.QueryResult[];
        for (const r of Array.isArray(result) ? result : [result]) rows.push(r.rows);
      }
      res.json(rows);
    } finally {
      client.release();
    }
  });
  return app;
}

type Round = { wallMs: number; latencies: number[]; cpuMs?: number };

/** CPU time (user + system, ms) of a /proc stat file's process or thread. */
function statCpuMs(stat: string): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** CPU time of the Node processes of process group `pgid` (the server; not its embedded PostgreSQL). */
function groupCpuMs(pgid: number): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (group === pgid && name !== 'postgres') total += statCpuMs(stat);
    } catch {
      // gone since the listing
    }
  }
  return total;
}

/** CPU time of this process's main thread, where the baseline serves (the load runs in a worker). */
const mainThreadCpuMs = () => statCpuMs(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));

/** A round with the CPU time `cpu` counted over it. */
async function counted(cpu: () => number, round: () => Promise<Round>): Promise<Round> {
  const before = cpu();
  const done = await round();
  return { ...done, cpuMs: cpu() - before };
}
type Load = (url: string, headers: Record<string, string>, ms: number) => Promise<Round>;

function pagesOf(noticeId: string, cookie: string, headers: Record<string, string> = {}): Page[] {
  return [
    { name: 'home', path: `/t/${SLUG}/`, headers },
    { name: 'notice-list', path: `/t/${SLUG}/notices`, headers },
    { name: 'notice', path: `/t/${SLUG}/notices/${noticeId}`, headers },
    { name: 'officer-desk', path: `/t/${SLUG}/notices-desk`, headers: { ...headers, cookie } },
  ];
}

/**
 * Each page of `pages` on the server at `base` against the bare baseline sending the statements
 * recorded for it, rounds interleaved.
 */
async function measure(
  mode: string,
  base: string,
  pages: Page[],
  load: Load,
  recorder: { recorded: Map<string, Statement[]>; databaseUrl: string },
  serverCpu: () => number,
  redisUrl?: string,
): Promise<Figure[]> {
  const pool = new pg.Pool({ connectionString: recorder.databaseUrl, max: 10 });
  const redis = redisUrl ? new Redis(redisUrl) : undefined;
  const baseline = createServer(baselineApp(pool, redis, recorder.recorded));
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const baselineBase = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`;
  const rate = (rounds: Round[]) =>
    rounds.reduce((n, r) => n + r.latencies.length, 0) / (rounds.reduce((t, r) => t + r.wallMs, 0) / 1000);
  const figures: Figure[] = [];
  try {
    const only = process.env.BENCH_PAGES?.split(',');
    for (const page of pages.filter((p) => !only || only.includes(p.name))) {
      const server: Round[] = [];
      const bare: Round[] = [];
      // One short warm-up round each, then ROUNDS of each, interleaved.
      await load(`${base}${page.path}`, page.headers, 1000);
      await load(`${baselineBase}/${page.name}`, {}, 1000);
      for (let i = 0; i < ROUNDS; i++) {
        server.push(await counted(serverCpu, () => load(`${base}${page.path}`, page.headers, ROUND_MS)));
        bare.push(await counted(mainThreadCpuMs, () => load(`${baselineBase}/${page.name}`, {}, ROUND_MS)));
      }
      const serverRate = rate(server);
      const bareRate = rate(bare);
      const latencies = server.flatMap((r) => r.latencies);
      // CPU per request: steadier than the rate on a shared machine, and what the ratio is made of.
      const cpuPerRequest = (rounds: Round[]) =>
        rounds.reduce((t, r) => t + (r.cpuMs ?? 0), 0) / rounds.reduce((n, r) => n + r.latencies.length, 0);
      const statements = recorder.recorded.get(page.name)!;
      const sent = `${statements.filter((s) => !('redis' in s)).length} SQL statements${
        statements.some((s) => 'redis' in s) ? `, ${statements.filter((s) => 'redis' in s).length} Redis commands` : ''
      }`;
      figures.push(
        {
          name: `Pages (${mode}): ${page.name} — req/s`,
          value: serverRate,
          unit: 'req/s',
          detail: `p50 ${median(latencies).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; ${sent}`,
        },
        {
          name: `Pages (${mode}): ${page.name} ÷ bare Express, same statements`,
          value: serverRate / bareRate,
          unit: 'x',
          target: '>= 0.6',
          ok: serverRate / bareRate >= 0.6,
          detail: `baseline ${bareRate.toFixed(0)} req/s; CPU per request: server ${cpuPerRequest(server).toFixed(2)} ms, baseline ${cpuPerRequest(bare).toFixed(2)} ms`,
        },
      );
    }
    return figures;
  } finally {
    await new Promise((resolve) => baseline.close(resolve));
    await pool.end();
    redis?.disconnect();
  }
}

/** npm may exit before the PostgreSQL it started has: wait for the server to be gone. */
async function embeddedStopped(dataDir: string): Promise<void> {
  const pid = path.join(dataDir, 'pg', 'postmaster.pid');
  for (let waited = 0; existsSync(pid); waited += 100) {
    if (waited > 60_000) throw new Error('the embedded PostgreSQL did not stop within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGINT');
  await exited;
}

/**
 * The embedded default exactly as `npm start` runs it, then the same data served in production
 * mode (NODE_ENV=production: sessions and limits in Redis, logging at info, behind a TLS proxy
 * that the server trusts on loopback).
 */
export async function benchPages(): Promise<Figure[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'koneps-pages-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const worker = new Worker(new URL('./page-load.mjs', import.meta.url));
  const load: Load = (url, headers, ms) =>
    new Promise<Round>((resolve, reject) => {
      worker.once('message', (m: Round & { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
      worker.postMessage({ url, headers, connections: CONNECTIONS, ms });
    });
  const redis = process.env.REDIS_URL ? { url: process.env.REDIS_URL, stop: async () => {} } : await ownRedis();
  const figures: Figure[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  // BENCH_MODES=production (or npm-start) measures one mode only; the data is set up either way.
  const modes = process.env.BENCH_MODES?.split(',') ?? ['npm-start', 'production'];
  try {
    const embedded = await startServer(dataDir, port);
    let noticeId: string;
    try {
      noticeId = await publishNotices(base);
      const pages = pagesOf(noticeId, await officerCookie(base));
      // Joins the server's embedded PostgreSQL: let go of it before the server stops it.
      const recorder = await recordStatements(dataDir, pages);
      try {
        if (modes.includes('npm-start'))
          figures.push(...(await measure('npm start', base, pages, load, recorder, () => groupCpuMs(embedded.pid!))));
      } finally {
        await recorder.close();
      }
    } finally {
      await stop(embedded);
      await embeddedStopped(dataDir);
    }
    if (!modes.includes('production')) return figures;
    if (!redis) {
      process.stdout.write('Pages in production mode: not measured (no REDIS_URL and no redis-server here)\n');
      return figures;
    }
    await buildDist();
    // The embedded PostgreSQL, kept running for the production server by this process.
    const platform = await bootPlatform({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });
    cleanup.push(() => platform.close());
    const secrets = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as { sessionSecret: string };
    const production = await startServer(dataDir, port, {
      NODE_ENV: 'production',
      DATABASE_URL: platform.databaseUrl,
      REDIS_URL: redis.url,
      SESSION_SECRET: secrets.sessionSecret,
      MASTER_KEY_FILE: defaultMasterKeyFile(dataDir),
      MAIL_OUTBOX: 'local',
      TRUST_PROXY: 'loopback',
      // An experiment's overrides (BENCH_PRODUCTION_ENV=LOG_LEVEL=warn,TRUST_PROXY=false).
      ...Object.fromEntries(
        (process.env.BENCH_PRODUCTION_ENV ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      ),
    });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      const pages = pagesOf(noticeId, await officerCookie(base, https), https);
      const recorder = await recordStatements(dataDir, pages, redis.url);
      cleanup.push(recorder.close);
      figures.push(
        ...(await measure('production', base, pages, load, recorder, () => groupCpuMs(production.pid!), redis.url)),
      );
    } finally {
      await stop(production);
    }
    return figures;
  } finally {
    worker.postMessage({});
    await worker.terminate();
    for (const done of cleanup.reverse()) await done();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
