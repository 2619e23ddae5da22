/**
 * The cluster tier's machinery (`npm run cluster -- up|down|status`, and test/cluster's hooks):
 * two PostgreSQL 15 servers, a Redis Cluster (three masters, three replicas), two web and two
 * worker processes from dist/, HAProxy in front of the web processes. Everything on loopback,
 * everything in one state directory; `state.json` there lets `status` and `down` find it all.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  appEnv,
  buildIsStale,
  clusterTenantsDir,
  CLUSTER_TENANTS,
  newSecrets,
  provisionTenants,
  startWeb,
  startWorker,
  type AppSecrets,
} from './apps.js';
import { HAPROXY, startHaproxy } from './haproxy.js';
import { clusterLayout, type Layout } from './layout.js';
import { BIN, pgCtl, postgresRunning, startPostgres, type PostgresServer } from './postgres.js';
import { alive, portAnswers, stopPid, waitFor } from './processes.js';
import { ping, startRedisCluster, stopRedisNode } from './redis.js';

export interface ClusterState {
  layout: Layout;
  servers: PostgresServer[];
  redisPorts: number[];
  secrets: AppSecrets;
  web: { port: number; pid: number }[];
  workers: { pid: number }[];
  haproxy: { port: number; pid: number };
  /** The load balancer's address: what the tier's requests go to. */
  url: string;
  /** Tenant slug → 1 or 2, the database server it lives on. */
  tenants: Record<string, 1 | 2>;
  startedAt: string;
}

const stateFile = (layout: Layout) => path.join(layout.dir, 'state.json');

export function readState(layout = clusterLayout()): ClusterState | undefined {
  const file = stateFile(layout);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterState) : undefined;
}

function save(state: ClusterState): void {
  writeFileSync(stateFile(state.layout), JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** The environment a process of the cluster runs with (tests boot their own platform on it). */
export function clusterEnv(state: ClusterState, owner = false): NodeJS.ProcessEnv {
  return appEnv(
    { dir: state.layout.dir, servers: state.servers, redisPorts: state.redisPorts, secrets: state.secrets },
    owner,
  );
}

/** The Debian packages the cluster runs on that this machine lacks (empty when it has them all). */
export function missingPackages(): string[] {
  const missing: string[] = [];
  if (!existsSync(path.join(BIN, 'initdb'))) missing.push('postgresql-15');
  if (!existsSync(HAPROXY)) missing.push('haproxy');
  if (spawnSync('redis-server', ['--version']).status !== 0) missing.push('redis-server');
  return missing;
}

async function readyz(port: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3000) });
    return `${res.status} ${JSON.stringify(await res.json())}`;
  } catch (error) {
    return `no answer (${(error as Error).message})`;
  }
}

/** Web process `n` (0 or 1) started again, e.g. after a test killed it. */
export function restartWeb(state: ClusterState, n: number): number {
  const web = state.web[n]!;
  web.pid = startWeb(state.layout.dir, clusterEnv(state), web.port, n + 1);
  save(state);
  return web.pid;
}

export function restartWorker(state: ClusterState, n: number): number {
  state.workers[n]!.pid = startWorker(state.layout.dir, clusterEnv(state), n + 1);
  save(state);
  return state.workers[n]!.pid;
}

export async function waitForWeb(state: ClusterState, ms = 60_000): Promise<void> {
  for (const web of state.web)
    await waitFor(`web on ${web.port} to answer /readyz`, async () => (await readyz(web.port)).startsWith('200'), ms);
}

/**
 * Starts everything; on any failure stops what it had started and rethrows. `log` reports steps
 * with their time.
 */
export async function up(log: (line: string) => void = () => {}): Promise<ClusterState> {
  const layout = clusterLayout();
  if (readState(layout)) throw new Error(`a cluster already runs in ${layout.dir}: npm run cluster -- down`);
  if (buildIsStale()) throw new Error('dist/ is missing or older than the sources: npm run build first');
  const ports = [...layout.postgres, ...layout.redis, ...layout.web, layout.haproxy, layout.haproxyStats];
  for (const port of ports)
    if (await portAnswers(port)) throw new Error(`port ${port} is taken (CLUSTER_PORT_BASE moves the block)`);
  mkdirSync(layout.dir, { recursive: true });
  // The postgres user (when we are root) must be able to enter its data directories.
  chmodSync(layout.dir, 0o755);
  const started = Date.now();
  const step = (what: string) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const state: ClusterState = {
    layout,
    servers: [],
    redisPorts: layout.redis,
    secrets: newSecrets(),
    web: [],
    workers: [],
    haproxy: { port: layout.haproxy, pid: 0 },
    url: `http://127.0.0.1:${layout.haproxy}`,
    tenants: CLUSTER_TENANTS,
    startedAt: new Date().toISOString(),
  };
  save(state);
  try {
    state.servers = await Promise.all([
      startPostgres(layout.dir, 'pg1', layout.postgres[0]),
      startPostgres(layout.dir, 'pg2', layout.postgres[1]),
    ]);
    save(state);
    step(`PostgreSQL on ${layout.postgres.join(' and ')}`);
    await startRedisCluster(layout.dir, layout.redis);
    step(`Redis Cluster on ${layout.redis.join(', ')}`);
    clusterTenantsDir(layout.dir);
    provisionTenants(clusterEnv(state, true));
    step(
      `tenants ${Object.entries(CLUSTER_TENANTS)
        .map(([s, n]) => `${s} (server ${n})`)
        .join(', ')}`,
    );
    const env = clusterEnv(state);
    state.web = layout.web.map((port, i) => ({ port, pid: startWeb(layout.dir, env, port, i + 1) }));
    state.workers = [1, 2].map((n) => ({ pid: startWorker(layout.dir, env, n) }));
    save(state);
    await waitForWeb(state);
    step(`web on ${layout.web.join(' and ')}, two workers`);
    state.haproxy.pid = startHaproxy(layout.dir, layout.haproxy, layout.haproxyStats, layout.web);
    save(state);
    await waitFor('HAProxy to answer', async () => (await readyz(layout.haproxy)).startsWith('200'), 15_000);
    step(`HAProxy on ${layout.haproxy}`);
    return state;
  } catch (error) {
    await down(log).catch(() => {});
    throw error;
  }
}

/** Stops everything the state file names and removes the state directory. */
export async function down(log: (line: string) => void = () => {}): Promise<boolean> {
  const layout = clusterLayout();
  const state = readState(layout);
  if (!state) {
    log(`no cluster in ${layout.dir}`);
    return false;
  }
  await stopPid(state.haproxy.pid);
  await Promise.all([...state.web, ...state.workers].map((p) => stopPid(p.pid, 'SIGTERM', 20_000)));
  for (const port of state.redisPorts) stopRedisNode(port);
  for (const server of state.servers) {
    try {
      if (postgresRunning(server)) pgCtl(server, 'stop');
    } catch (error) {
      log(`PostgreSQL ${server.name}: ${(error as Error).message}`);
    }
  }
  rmSync(layout.dir, { recursive: true, force: true });
  log(`stopped and removed ${layout.dir}`);
  return true;
}

/** One line per component: what it is, where, and whether it answers. */
export async function status(): Promise<string[]> {
  const state = readState();
  if (!state) return [`no cluster in ${clusterLayout().dir}`];
  const lines = [`cluster in ${state.layout.dir}, started ${state.startedAt}`];
  for (const server of state.servers)
    lines.push(
      `postgres ${server.name}  127.0.0.1:${server.port}  ${(await portAnswers(server.port)) ? 'answers' : 'DOWN'}`,
    );
  for (const port of state.redisPorts) lines.push(`redis     127.0.0.1:${port}  ${ping(port) ? 'answers' : 'DOWN'}`);
  for (const [i, web] of state.web.entries())
    lines.push(
      `web${i + 1}      127.0.0.1:${web.port} pid ${web.pid}  ${alive(web.pid) ? await readyz(web.port) : 'DOWN'}`,
    );
  for (const [i, worker] of state.workers.entries())
    lines.push(`worker${i + 1}   pid ${worker.pid}  ${alive(worker.pid) ? 'running' : 'DOWN'}`);
  lines.push(
    `haproxy   ${state.url} pid ${state.haproxy.pid}  ${alive(state.haproxy.pid) ? await readyz(state.haproxy.port) : 'DOWN'}`,
  );
  lines.push(
    `tenants   ${Object.entries(state.tenants)
      .map(([s, n]) => `${s} on server ${n}`)
      .join(', ')}`,
  );
  return lines;
}
