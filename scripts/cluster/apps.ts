/**
 * The app on the cluster: tenant configurations placed on the two database servers, migrations
 * and tenants made with the owner roles by the built CLI, then two web and two worker processes
 * from dist/ that connect as the application role only, as in production.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { PostgresServer } from './postgres.js';
import { run, startDetached } from './processes.js';

/** The placement variable of the second server (server/config.ts placementVariable). */
export const SECOND = 'SECOND_DATABASE_URL';

/** Tenants made on `up`, and the server each lives on (1: the primary, with the registry). */
export const CLUSTER_TENANTS: Record<string, 1 | 2> = { kurdistan: 1, korea: 2, vietnam: 2 };

interface Rule {
  id: string;
  [key: string]: unknown;
}

/**
 * The shipped configurations, with korea and vietnam placed on the second server. The cluster runs
 * on the real clock (other processes cannot share a test's fixed one), so its tenants' notice
 * period is zero days and a deadline may fall on any day: a tender cycle then fits in minutes.
 */
export function clusterTenantsDir(dir: string): string {
  const target = path.join(dir, 'tenants');
  cpSync(path.resolve('tenants'), target, { recursive: true });
  for (const [slug, server] of Object.entries(CLUSTER_TENANTS)) {
    const file = path.join(target, `${slug}.yaml`);
    const config = parse(readFileSync(file, 'utf8')) as { placement?: unknown; regulations: { rules: Rule[] } };
    if (server === 2) config.placement = { databaseUrlEnv: SECOND };
    const source = 'cluster tier: the real clock, a cycle in minutes';
    const replaced: Record<string, Rule> = {
      'notice-period': {
        id: 'notice-period',
        version: 1,
        effectiveFrom: '2000-01-01',
        source,
        value: { unit: 'calendar', table: [{ days: 0 }] },
      },
      'deadline-on-non-working-day': {
        id: 'deadline-on-non-working-day',
        version: 1,
        effectiveFrom: '2000-01-01',
        source,
        value: { move: 'stay' },
      },
    };
    const rules = config.regulations.rules.filter((r) => !(r.id in replaced));
    config.regulations.rules = [...rules, ...Object.values(replaced)];
    writeFileSync(file, stringify(config));
  }
  return target;
}

export interface AppSecrets {
  sessionSecret: string;
  masterKey: string;
  queuePrefix: string;
}

export function newSecrets(): AppSecrets {
  return {
    sessionSecret: randomBytes(48).toString('base64'),
    masterKey: randomBytes(32).toString('base64'),
    queuePrefix: '{koneps}',
  };
}

/** What every process of the cluster is started with; `owner` adds the owner roles (CLI only). */
export function appEnv(
  settings: { dir: string; servers: PostgresServer[]; redisPorts: number[]; secrets: AppSecrets },
  owner = false,
): NodeJS.ProcessEnv {
  const [first, second] = settings.servers as [PostgresServer, PostgresServer];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: process.env.CLUSTER_NODE_ENV ?? 'production',
    DATABASE_URL: first.appUrl,
    [SECOND]: second.appUrl,
    REDIS_CLUSTER_NODES: settings.redisPorts.map((p) => `127.0.0.1:${p}`).join(','),
    QUEUE_PREFIX: settings.secrets.queuePrefix,
    SESSION_SECRET: settings.secrets.sessionSecret,
    MASTER_KEY: settings.secrets.masterKey,
    DATA_DIR: path.join(settings.dir, 'data'),
    TENANTS_DIR: path.join(settings.dir, 'tenants'),
    MAIL_OUTBOX: 'local',
    RUN_WORKER_IN_WEB: 'false',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'warn',
    DB_POOL_MAX: '8',
    // Overdue work a Redis failover lost is looked for every 15 s (60 s by default): the tier waits less.
    JOB_RECONCILE_MS: '15000',
    // A killed worker's jobs are taken over once their lock lapses: 10 s here (30 s by default).
    JOB_LOCK_MS: '10000',
    // The tier's own requests all come from 127.0.0.1: the per-address limits would refuse them.
    RATE_LIMITS: process.env.CLUSTER_RATE_LIMITS ?? 'api-token=1000/60,public-search=100000/60,upload=10000/3600',
  };
  if (owner) {
    env.DATABASE_OWNER_URL = first.ownerUrl;
    env.SECOND_DATABASE_OWNER_URL = second.ownerUrl;
  }
  return env;
}

/** Newest modification time under `dir` (files ending in `.ts`). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts'))
      latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Is dist/ missing, or older than a source file? */
export function buildIsStale(): boolean {
  const main = path.resolve('dist/server/main.js');
  if (!existsSync(main)) return true;
  const built = statSync(main).mtimeMs;
  return newest(path.resolve('server')) > built || newest(path.resolve('migrations')) > built;
}

/**
 * Processes run in the state directory: outside production the config reads `.env` from the
 * working directory, and a developer's .env (a REDIS_URL, say) must not reach the cluster.
 */
function outsideRepository(env: NodeJS.ProcessEnv): string {
  return path.dirname(env.TENANTS_DIR!);
}

/** Migrates the platform and makes the cluster's tenants (demo accounts: the tier signs in with them). */
export function provisionTenants(env: NodeJS.ProcessEnv): void {
  const cli = (...args: string[]) =>
    run(process.execPath, [path.resolve('dist/server/cli/tenants.js'), ...args], {
      // Demo accounts are refused under NODE_ENV=production: the CLI runs as a test setup does.
      env: { ...env, NODE_ENV: 'test' },
      cwd: outsideRepository(env),
    });
  cli('migrate');
  for (const slug of Object.keys(CLUSTER_TENANTS)) cli('create', slug, '--demo');
}

export function startWeb(dir: string, env: NodeJS.ProcessEnv, port: number, n: number): number {
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return startDetached(
    process.execPath,
    [path.resolve('dist/server/main.js')],
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    path.join(dir, 'logs', `web${n}.log`),
    dir,
  );
}

export function startWorker(dir: string, env: NodeJS.ProcessEnv, n: number): number {
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return startDetached(
    process.execPath,
    [path.resolve('dist/server/worker-main.js')],
    env,
    path.join(dir, 'logs', `worker${n}.log`),
    dir,
  );
}
