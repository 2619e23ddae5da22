/** Shared pieces of the benchmarks: a scratch database per benchmark, timing and statistics. */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../server/db/embedded.js';
import { noticeDocumentsService } from '../server/procurement/notices/documents.js';
import { noticesService } from '../server/procurement/notices/service.js';
import type { Services } from '../server/services.js';
import type { CheckedDocument } from '../server/suppliers/documents.js';
import type { TenantHandle } from '../server/tenancy/tenant-handle.js';
import { inTenant } from '../server/tenancy/tenant-context.js';

export interface Server {
  adminUrl: string;
  kind: string;
  stop(): Promise<void>;
}

/** The server benchmarks run on: DATABASE_URL when set, else a fresh embedded PostgreSQL. */
export async function benchServer(): Promise<Server> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: process.env.DATABASE_URL, kind: 'PostgreSQL at DATABASE_URL', stop: async () => {} };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'koneps-bench-'));
  const embedded: EmbeddedServer = await startEmbeddedPostgres(dir, 'postgres');
  return { adminUrl: embedded.adminUrl('postgres'), kind: 'embedded PostgreSQL 15', stop: () => embedded.stop() };
}

export async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Creates a scratch database; returns its URL and a function that drops it. Benchmarks give that
 * one URL as both DATABASE_URL and DATABASE_OWNER_URL: they measure the engine, not privileges.
 */
export async function scratch(server: Server, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `bench_${name}_${randomBytes(3).toString('hex')}`;
  await sql(server.adminUrl, `create database ${database}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => sql(server.adminUrl, `drop database if exists ${database} with (force)`) };
}

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  detail?: string;
}

/**
 * CPU time (ms) used so far by this machine's PostgreSQL processes and by this process, read from
 * /proc (Linux); undefined elsewhere. On a small machine the server, its clients and PostgreSQL
 * share the cores, so where the time goes explains a throughput figure.
 */
export async function cpuTimes(): Promise<{ postgres: number; self: number } | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  const tick = 10; // ms per clock tick (USER_HZ = 100 on Linux)
  let postgres = 0;
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat.includes('(postgres)')) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    postgres += (Number(fields[11]) + Number(fields[12])) * tick;
  }
  const self = process.cpuUsage();
  return { postgres, self: (self.user + self.system) / 1000 };
}

/** CPU time (ms, user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100: 10 ms a tick
}

/** CPU time (ms) of a process and its children (a PostgreSQL server and its backends). */
export async function processTreeCpuMs(parent: number): Promise<number> {
  let total = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pid) === parent || Number(fields[1]) === parent) total += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return total;
}

/** The whole machine's busy and total CPU time so far (ms, all cores), from /proc/stat. */
export async function machineCpuMs(): Promise<{ busy: number; total: number }> {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const ticks = cpu!.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((t, v) => t + v, 0);
  const idle = ticks[3]! + ticks[4]!; // idle and iowait
  return { busy: (total - idle) * 10, total: total * 10 };
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((t, p) => t + p.x, 0) / n;
  const my = points.reduce((t, p) => t + p.y, 0) / n;
  const sxy = points.reduce((t, p) => t + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((t, p) => t + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * A CPU profiler for chosen stretches of a benchmark (this process's main thread), when
 * BENCH_PROFILE_DIR names a directory: each stretch is written there as `<name>.cpuprofile`, for
 * bench/profile-summary.mjs or a browser's DevTools. Without it, nothing is profiled.
 */
export async function stretchProfiler(): Promise<{
  during<T>(name: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return { during: (_name, work) => work(), close: async () => {} };
  await mkdir(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  return {
    async during(name, work) {
      await session.post('Profiler.start');
      try {
        return await work();
      } finally {
        const { profile } = await session.post('Profiler.stop');
        await writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      }
    },
    close() {
      session.disconnect();
      return Promise.resolve();
    },
  };
}

/** A tender document (a minimal PDF), as publication requires one (regulations/documents.ts). */
export const TENDER_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function tenderDocument(): CheckedDocument {
  return {
    fileName: 'tender.pdf',
    contentType: 'application/pdf',
    size: TENDER_PDF.length,
    sha256: createHash('sha256').update(TENDER_PDF).digest('hex'),
    content: TENDER_PDF,
  };
}

/** An agency, an officer and a published plan entry, then one notice published through the service. */
export async function publishBenchNotice(services: Services, tenant: TenantHandle): Promise<string> {
  const officer = await inTenant(tenant, async (tx) => {
    const [agency] = await tx('agencies')
      .insert({ code: 'BENCH', name: JSON.stringify({ en: 'Bench agency' }) })
      .returning<{ id: string }[]>('id');
    const [user] = await tx('users')
      .insert({
        email: 'officer@bench.test',
        display_name: 'Officer',
        roles: ['officer'],
        agency_id: agency!.id,
        password_hash: 'unused',
      })
      .returning<{ id: string }[]>('id');
    const [plan] = await tx('plan_entries')
      .insert({
        agency_id: agency!.id,
        title: JSON.stringify({ ko: '사무용품 구매 계획' }),
        fiscal_year: new Date().getFullYear(),
        category: 'goods',
        estimated_budget: 100_000_000,
        quarter: 4,
        method: 'open',
        status: 'published',
      })
      .returning<{ id: string }[]>('id');
    return { id: user!.id, agencyId: agency!.id, plan: plan!.id };
  });
  const user = {
    id: officer.id,
    tenant: tenant.slug,
    email: 'officer@bench.test',
    displayName: 'Officer',
    roles: ['officer' as const],
    locale: null,
    agencyId: officer.agencyId,
    supplierId: null,
    secondFactorEnabled: true,
    credentialsStamp: 0,
  };
  const actor = { tenant, user, audit: { actor: { type: 'system' as const, label: 'bench' } } };
  const notices = noticesService(services);
  const deadline = new Date(Date.now() + 40 * 86_400_000);
  const id = await notices.createDraft(actor, {
    title_ko: '사무용품 구매',
    planEntryId: officer.plan,
    category: 'goods',
    competition: 'domestic',
    method: 'open',
    evaluationMethod: 'lowest-price',
    estimatedPrice: 50_000_000,
    estimatedPriceHidden: false,
    bidSecurityPercent: 5,
    submissionDeadline: deadline,
    openingAt: new Date(deadline.getTime() + 3_600_000),
  } as Parameters<typeof notices.createDraft>[1]);
  await noticeDocumentsService(services).upload(actor, id, [tenderDocument()]);
  await notices.publish(actor, id);
  return id;
}

/** `npm run build`: the servers a benchmark runs as production does serve dist/, as the image does. */
export async function buildDist(): Promise<void> {
  const build = spawn('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise((r) => build.once('exit', r));
  if (code !== 0) throw new Error(`npm run build failed (exit ${String(code)})`);
}
