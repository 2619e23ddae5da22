/**
 * The deadline spike on the cluster (scripts/cluster, its own port block, CLUSTER_PORT_BASE 7800
 * unless set): signed-in suppliers submit sealed bids to one tender at once over HTTP, in rounds,
 * once straight to web process 1 alone and once through HAProxy to both web processes (built
 * dist/, production mode, sessions and queues on the Redis Cluster, as `npm run cluster -- up`
 * runs them). Rounds alternate between the two, so a shared machine's drift falls on both. Per
 * side: bids/s, p50/p99 latency, and each web process's CPU time per bid it served (/proc, and
 * HAProxy's statistics for who served what). The figure is two ÷ one in bids/s.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import { bootPlatform } from '../server/bootstrap.js';
import { DEMO_PASSWORD } from '../server/tenancy/seed.js';
import { inTenant } from '../server/tenancy/tenant-context.js';
import { buildIsStale } from '../scripts/cluster/apps.js';
import { servedBy } from '../scripts/cluster/haproxy.js';
import { clusterEnv, down, readState, up, type ClusterState } from '../scripts/cluster/index.js';
import { addBidders } from '../test/support/bidders.js';
import { freshTotp } from '../test/support/session.js';
import { readFile } from 'node:fs/promises';
import {
  buildDist,
  machineCpuMs,
  percentile,
  processCpuMs,
  processTreeCpuMs,
  TENDER_PDF,
  type Figure,
} from './support.js';

const BIDDERS = Number(process.env.BENCH_SPIKE_BIDDERS ?? 300);
const ROUNDS = 3;
const SLUG = 'kurdistan';

type Round = { wallMs: number; bids: { ms: number; receipt: string }[] };

/** A published notice with a deadline two days away, made through web process 1's API. */
async function publishedNotice(base: string): Promise<string> {
  const api = `/t/${SLUG}/api/v1`;
  const email = `officer@${SLUG}.demo`;
  const token = await request(base)
    .post(`${api}/auth/token`)
    .send({ email, password: DEMO_PASSWORD, secondFactor: await freshTotp(`${SLUG}/${email}`) });
  if (token.status !== 201) throw new Error(`officer token refused: ${JSON.stringify(token.body)}`);
  const officer = { Authorization: `Bearer ${token.body.token as string}` };
  const call = async (path: string, body: object, expected: number) => {
    const res = await request(base).post(`${api}${path}`).set(officer).send(body);
    if (res.status !== expected) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const deadline = new Date(Date.now() + 2 * 86_400_000);
  const local = deadline.toISOString().slice(0, 16); // the tenant's zone moves it by hours, not days
  const title = { title_ckb: 'تاقیکردنەوەی بارگە', title_en: 'Deadline spike' };
  const plan = await call(
    '/plans',
    {
      ...title,
      fiscalYear: deadline.getUTCFullYear(),
      category: 'goods',
      estimatedBudget: 500_000_000,
      quarter: 4,
      method: 'open',
    },
    201,
  );
  await call(`/plans/${plan.id}/publish`, {}, 204);
  const notice = await call(
    '/notices',
    {
      ...title,
      planEntryId: plan.id,
      category: 'goods',
      competition: 'domestic',
      method: 'open',
      evaluationMethod: 'lowest-price',
      bidSecurityPercent: 5,
      estimatedPrice: 100_000_000,
      submissionDeadline: local,
      openingAt: local,
    },
    201,
  );
  const docs = await request(base)
    .post(`${api}/notices/${notice.id}/documents`)
    .set(officer)
    .attach('documents', TENDER_PDF, 'tender-1.pdf');
  if (docs.status !== 201) throw new Error(`documents refused: ${JSON.stringify(docs.body)}`);
  await call(`/notices/${notice.id}/publish?lng=en`, {}, 200);
  return notice.id;
}

/** One thread of suppliers (bench/bid-load.mjs) aimed at `base`; `round(n)` runs one round. */
function suppliers(base: string, noticeId: string, auths: string[]) {
  const load = new Worker(new URL('./bid-load.mjs', import.meta.url), {
    workerData: { base, noticeId, slug: SLUG, auths, idleMs: 3000 },
  });
  return {
    round: (round: number) =>
      new Promise<Round>((resolve, reject) => {
        load.once('message', resolve);
        load.once('error', reject);
        load.postMessage({ round });
      }),
    async stop() {
      load.postMessage({});
      await load.terminate();
    },
  };
}

export async function benchSpike(): Promise<Figure[]> {
  process.env.CLUSTER_PORT_BASE ??= '7800';
  const log = (line: string) => process.stdout.write(`  cluster: ${line}\n`);
  if (buildIsStale()) await buildDist();
  if (readState()) await down(log);
  const state: ClusterState = await up(log);
  const platform = await bootPlatform({ env: { ...clusterEnv(state), LOG_LEVEL: 'silent' } });
  try {
    const direct = `http://127.0.0.1:${state.web[0]!.port}`;
    const noticeId = await publishedNotice(direct);
    const tenant = (await platform.tenancy.resolve(SLUG))!;
    const auths = (await addBidders(tenant, BIDDERS, 'SPK')).map((b) => b.auth.Authorization!);
    const one = suppliers(direct, noticeId, auths);
    const two = suppliers(state.url, noticeId, auths);
    const pids = state.web.map((w) => w.pid);
    const postmasters = await Promise.all(
      state.servers.map(async (s) => Number((await readFile(`${s.dataDir}/postmaster.pid`, 'utf8')).split('\n')[0])),
    );
    const postgresCpu = async () => (await Promise.all(postmasters.map(processTreeCpuMs))).reduce((t, v) => t + v, 0);

    type Measured = Round & { cpuMs: number[]; served: number[]; postgresMs: number; machineBusy: number };
    const measure = async (side: typeof one, round: number, balanced: boolean): Promise<Measured> => {
      const cpu = await Promise.all(pids.map(processCpuMs));
      const [pg0, machine0] = [await postgresCpu(), await machineCpuMs()];
      const before = balanced ? await servedBy(state.layout.haproxyStats) : {};
      const result = await side.round(round);
      const after = balanced ? await servedBy(state.layout.haproxyStats) : {};
      const [pg1, machine1] = [await postgresCpu(), await machineCpuMs()];
      const cpuMs = (await Promise.all(pids.map(processCpuMs))).map((t, i) => t - cpu[i]!);
      const served = balanced
        ? pids.map((_, i) => (after[`web${i + 1}`] ?? 0) - (before[`web${i + 1}`] ?? 0))
        : [BIDDERS, 0];
      const machineBusy = (machine1.busy - machine0.busy) / (machine1.total - machine0.total);
      return { ...result, cpuMs, served, postgresMs: pg1 - pg0, machineBusy };
    };
    const rounds = { one: [] as Measured[], two: [] as Measured[] };
    // One unmeasured warm-up round each, then ROUNDS of each, alternating (each replaces the bids).
    for (let round = 0, n = 0; round <= ROUNDS; round++) {
      const a = await measure(one, n++, false);
      const b = await measure(two, n++, true);
      if (round === 0) continue;
      rounds.one.push(a);
      rounds.two.push(b);
    }
    await one.stop();
    await two.stop();

    const receipts = [...rounds.one, ...rounds.two].flatMap((r) => r.bids.map((b) => b.receipt));
    const stored = await inTenant(tenant, async (tx) =>
      Number(
        (await tx('bids').whereIn('receipt_no', receipts).countDistinct<{ n: string }[]>('receipt_no as n'))[0]!.n,
      ),
    );
    const figures = (label: string, measured: Measured[]) => {
      const wallMs = measured.reduce((t, r) => t + r.wallMs, 0);
      const latencies = measured.flatMap((r) => r.bids.map((b) => b.ms));
      const perProcess = pids.map((_, i) => {
        const served = measured.reduce((t, r) => t + r.served[i]!, 0);
        const cpu = measured.reduce((t, r) => t + r.cpuMs[i]!, 0);
        return served > 0
          ? `web${i + 1} ${served} bids, ${(cpu / served).toFixed(2)} ms CPU a bid`
          : `web${i + 1} idle`;
      });
      const rate = (BIDDERS * ROUNDS) / (wallMs / 1000);
      const postgres = measured.reduce((t, r) => t + r.postgresMs, 0) / (BIDDERS * ROUNDS);
      const busy = (100 * measured.reduce((t, r) => t + r.machineBusy, 0)) / measured.length;
      return {
        rate,
        figures: [
          {
            name: `Deadline spike on the cluster, ${label}: ${BIDDERS} concurrent bids — bids/s`,
            value: rate,
            unit: 'bids/s',
            detail: `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; ${perProcess.join('; ')}; PostgreSQL ${postgres.toFixed(2)} ms CPU a bid; machine ${busy.toFixed(0)} % busy`,
          },
        ] as Figure[],
      };
    };
    const single = figures('web 1 alone', rounds.one);
    const both = figures('both web processes behind HAProxy', rounds.two);
    return [
      ...single.figures,
      ...both.figures,
      {
        name: 'Deadline spike on the cluster: two web processes ÷ one (bids/s)',
        value: both.rate / single.rate,
        unit: 'x',
        detail: `${os.cpus().length} cores for everything (PostgreSQL, Redis, HAProxy, both web and worker processes, the suppliers); ${stored}/${receipts.length} receipts stored`,
        ok: stored === receipts.length,
      },
    ];
  } finally {
    await platform.close();
    await down(log);
  }
}
