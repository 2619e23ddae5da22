/**
 * Process configuration: the environment, parsed once at boot with zod.
 * Nothing else in the code base reads `process.env`.
 *
 * Two modes:
 * - embedded default (no DATABASE_URL): PostgreSQL is started inside the process tree, jobs run on
 *   BullMQ's PostgreSQL backend, the session secret is generated once and kept in DATA_DIR and the
 *   master key in keys/master.key beside DATA_DIR, never in it (both mode 0600);
 * - production (NODE_ENV=production): every required variable must be set; a missing or malformed
 *   one stops the process with one line naming it.
 *
 * Outside production a `.env` file in the working directory is read first, as .env.example says
 * (`readDotEnv`): what the environment already sets wins over it.
 *
 * The master key never sits with the data it protects: MASTER_KEY_FILE may not be inside DATA_DIR,
 * and a key too regular to be random (all zeros, a repeated pattern) is refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { parseLimits, type Limits } from './http/rate-limits.js';
import { weakKeyReason } from './crypto/master-key.js';
import { ConfigError } from './config-error.js';
import { parseClusterNodes, type RedisNode } from './jobs/redis-connection.js';
import { defaultMasterKeyFile, embeddedMasterKey, loadOrCreateSecrets, masterKeyFrom } from './secret-files.js';

const placementVariable = /^[A-Z][A-Z0-9_]*_DATABASE_URL$/;
const placementOwnerVariable = /^[A-Z][A-Z0-9_]*_DATABASE_OWNER_URL$/;

/** The owner variable that goes with a placement's variable: KURDISTAN_DATABASE_URL → KURDISTAN_DATABASE_OWNER_URL. */
export function ownerVariableFor(placement: string): string {
  return placement.replace(/_DATABASE_URL$/, '_DATABASE_OWNER_URL');
}

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');

const masterKey = z
  .string()
  .refine((v) => Buffer.from(v.trim(), 'base64').length === 32, 'must be 32 bytes, base64-encoded');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATABASE_DIRECT_URL: postgresUrl.optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .refine(
      (v) => parseClusterNodes(v) !== undefined,
      'must be host:port of one or more cluster nodes, comma-separated',
    )
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[a-z0-9-]+\}$/, 'must be a brace-wrapped Redis Cluster hash tag such as {koneps}')
    .default('{koneps}'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MASTER_KEY: masterKey.optional(),
  MASTER_KEY_FILE: z.string().min(1).optional(),
  MASTER_KEY_PREVIOUS: masterKey.optional(),
  MASTER_KEY_PREVIOUS_FILE: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  TENANTS_DIR: z.string().min(1).default('./tenants'),
  TRUST_PROXY: z.string().default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  RUN_WORKER_IN_WEB: z.enum(['true', 'false']).optional(),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  JOB_RECONCILE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(55_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('KONEPS <no-reply@koneps.localhost>'),
  MAIL_OUTBOX: z.enum(['local']).optional(),
  DEMO_DATA: z.enum(['true', 'false']).optional(),
  RATE_LIMITS: z.string().default(''),
  CONTRACT_PDF_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type QueueBackendKind = 'redis' | 'postgres';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl?: string;
  /**
   * The application role (web and worker): no DDL, no ownership, audit tables append-only.
   * Absent in the embedded default: bootstrap starts PostgreSQL and fills it in.
   */
  databaseUrl?: string;
  /**
   * The owner role, for migrations and provisioning only (the tenants CLI, the migrate service).
   * Absent: this process cannot migrate or provision, only check that migrations are current.
   */
  databaseOwnerUrl?: string;
  /**
   * The application role's database without a pooler in between, for BullMQ's PostgreSQL backend:
   * its workers LISTEN, which pgbouncer in transaction mode cannot carry (docs/scaling.md).
   * Absent: the backend uses databaseUrl.
   */
  databaseDirectUrl?: string;
  dbPoolMax: number;
  /** How long work waits for a free database connection before it answers 503 (ms). */
  dbAcquireTimeoutMs: number;
  redisUrl?: string;
  /** A Redis Cluster instead of one server (REDIS_CLUSTER_NODES): the nodes to start from. */
  redisClusterNodes?: RedisNode[];
  queueBackend: QueueBackendKind;
  queuePrefix: string;
  sessionSecret: string;
  masterKey: Buffer;
  /** Set only while rotating: the master key being replaced (MASTER_KEY_PREVIOUS). */
  previousMasterKey?: Buffer;
  /** Where the master key came from: `MASTER_KEY`, or the file's path (for the operator, never the key). */
  masterKeySource: string;
  dataDir: string;
  tenantsDir: string;
  trustProxy: boolean | number | string[];
  logLevel: string;
  /** Log lines for a person at a terminal (development), not JSON for a collector. */
  logPretty: boolean;
  runWorkerInWeb: boolean;
  /** A killed worker's job is taken over by another after this many milliseconds. */
  jobLockMs: number;
  /** How often a worker process looks for overdue work the queue lost (a Redis failover). */
  jobReconcileMs: number;
  /**
   * How long a stop (SIGTERM) may take before the process exits anyway: requests in flight and
   * running jobs finish within it. Keep it under the orchestrator's grace period (docker-compose
   * stop_grace_period: 60s), or the process is killed before it has closed its pools.
   */
  shutdownTimeoutMs: number;
  /** Absent: e-mail is written to DATA_DIR/outbox (and, outside production, shown to admins). */
  smtpUrl?: string;
  /**
   * Mail kept locally is readable on each tenant's outbox page by its administrators and by
   * platform operators: never in production, where MAIL_OUTBOX=local keeps it in files only.
   */
  outboxPage: boolean;
  mailFrom: string;
  demoData: boolean;
  /** The named limits of http/rate-limits.ts, with RATE_LIMITS applied. */
  rateLimits: Limits;
  /** Chromium prints at once per process; more wait their turn. */
  contractPdfConcurrency: number;
  /** Bearer secret for /metrics on the public port; absent (and no metricsPort) means no /metrics. */
  metricsToken?: string;
  /** A separate port (for the internal network only) that serves /metrics without a secret. */
  metricsPort?: number;
  embedded: boolean;
  /** Database URLs named by tenant placements (`placement.databaseUrlEnv`), read here once. */
  placementUrls: ReadonlyMap<string, string>;
  /**
   * Owner-role URLs of those placements, keyed by the placement's variable (KURDISTAN_DATABASE_URL)
   * and read from its owner twin (KURDISTAN_DATABASE_OWNER_URL).
   */
  placementOwnerUrls: ReadonlyMap<string, string>;
}

export { ConfigError };

/** Express's `trust proxy`: false, true, a hop count, or a list of addresses/subnets. */
export function parseTrustProxy(raw: string): boolean | number | string[] {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/.test(p))) {
    throw new ConfigError('TRUST_PROXY: must be true, false, a hop count, or comma-separated addresses/subnets');
  }
  return parts;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid environment';
  const name = issue.path.join('.');
  return `${name}: ${issue.message}`;
}

type Env = z.infer<typeof EnvSchema>;

/** What production refuses to start without, or with. */
function checkProduction(e: Env): void {
  for (const name of ['DATABASE_URL', 'SESSION_SECRET'] as const) {
    if (!e[name]) throw new ConfigError(`Configuration error: ${name} is required when NODE_ENV=production`);
  }
  if (!e.REDIS_URL && !e.REDIS_CLUSTER_NODES)
    throw new ConfigError(
      'Configuration error: REDIS_URL (or REDIS_CLUSTER_NODES for a Redis Cluster) is required when NODE_ENV=production',
    );
  if (!e.MASTER_KEY && !e.MASTER_KEY_FILE)
    throw new ConfigError('Configuration error: MASTER_KEY (or MASTER_KEY_FILE) is required when NODE_ENV=production');
  // A reset link read by the wrong person is an account taken over: mail goes to its recipient.
  if (!e.SMTP_URL && e.MAIL_OUTBOX !== 'local') {
    throw new ConfigError(
      'Configuration error: SMTP_URL is required when NODE_ENV=production ' +
        '(or MAIL_OUTBOX=local to keep every e-mail in DATA_DIR/outbox, never served over HTTP)',
    );
  }
  // The demo accounts' password and authenticator key are published in the README.
  if (e.DEMO_DATA === 'true') {
    throw new ConfigError(
      'Configuration error: DEMO_DATA=true is refused when NODE_ENV=production: demo accounts have a published password',
    );
  }
}

/** The master key (given, or the embedded default's own file), the previous one, and the session secret. */
function secretsOf(e: Env, dataDir: string) {
  const given = masterKeyFrom({ key: e.MASTER_KEY, file: e.MASTER_KEY_FILE, name: 'MASTER_KEY' }, dataDir);
  const stored = !e.SESSION_SECRET || !given ? loadOrCreateSecrets(dataDir) : undefined;
  const master = given ?? {
    key: embeddedMasterKey(defaultMasterKeyFile(dataDir), dataDir, stored!),
    source: defaultMasterKeyFile(dataDir),
  };
  const weak = weakKeyReason(master.key);
  if (weak)
    throw new ConfigError(
      `Configuration error: MASTER_KEY: ${weak} (to replace a key in use, give it as MASTER_KEY_PREVIOUS and run npm run tenants -- rotate-master-key)`,
    );
  const previous = masterKeyFrom(
    { key: e.MASTER_KEY_PREVIOUS, file: e.MASTER_KEY_PREVIOUS_FILE, name: 'MASTER_KEY_PREVIOUS' },
    dataDir,
  );
  if (previous?.key.equals(master.key))
    throw new ConfigError('Configuration error: MASTER_KEY_PREVIOUS: is the same key as MASTER_KEY');
  return { master, previous, sessionSecret: e.SESSION_SECRET ?? stored!.sessionSecret };
}

/** `<NAME>_DATABASE_URL` and `<NAME>_DATABASE_OWNER_URL`: tenants placed on their own server. */
function placementsOf(env: NodeJS.ProcessEnv) {
  const placementUrls = new Map<string, string>();
  const placementOwnerUrls = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    const owner = placementOwnerVariable.test(name);
    if ((!owner && !placementVariable.test(name)) || !value) continue;
    const url = postgresUrl.safeParse(value);
    if (!url.success) throw new ConfigError(`Configuration error: ${name}: ${url.error.issues[0]?.message}`);
    if (owner) placementOwnerUrls.set(name.replace(/_DATABASE_OWNER_URL$/, '_DATABASE_URL'), value);
    else placementUrls.set(name, value);
  }
  return { placementUrls, placementOwnerUrls };
}

/**
 * Adds the variables of `file` (default: `.env` in the working directory) to `env`, outside
 * production and when the file exists; a variable the environment already sets keeps its value
 * (as `process.loadEnvFile` does). Returns the file read, or undefined. In production the
 * environment is the whole configuration (docker-compose and the orchestrator set it).
 */
export function readDotEnv(env: NodeJS.ProcessEnv, file = path.resolve('.env')): string | undefined {
  if (env.NODE_ENV === 'production' || !existsSync(file)) return undefined;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] === undefined && value !== undefined) env[name] = value;
  }
  return file;
}

/**
 * Parses the environment (the process's own, after `.env` outside production). Throws ConfigError with one line naming the variable; main.ts prints
 * that line and exits.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env) readDotEnv(env);
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Configuration error: ${firstIssue(parsed.error)}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) checkProduction(e);
  const dataDir = path.resolve(e.DATA_DIR);
  const { master, previous, sessionSecret } = secretsOf(e, dataDir);
  const embedded = !e.DATABASE_URL;
  const rateLimits = parseLimits(e.RATE_LIMITS);
  if (typeof rateLimits === 'string') throw new ConfigError(`Configuration error: RATE_LIMITS: ${rateLimits}`);
  const { placementUrls, placementOwnerUrls } = placementsOf(env);
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES)
    throw new ConfigError('Configuration error: REDIS_CLUSTER_NODES: set either it or REDIS_URL, not both');
  const redisClusterNodes = e.REDIS_CLUSTER_NODES ? parseClusterNodes(e.REDIS_CLUSTER_NODES) : undefined;

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    dbPoolMax: e.DB_POOL_MAX,
    dbAcquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    redisClusterNodes,
    queueBackend: e.REDIS_URL || redisClusterNodes ? 'redis' : 'postgres',
    queuePrefix: e.QUEUE_PREFIX,
    sessionSecret,
    masterKey: master.key,
    previousMasterKey: previous?.key,
    masterKeySource: master.source,
    dataDir,
    tenantsDir: path.resolve(e.TENANTS_DIR),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    // npm start keeps its banner (addresses, demo logins) in view: warnings and errors only, unless asked.
    logLevel: e.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    logPretty: e.NODE_ENV === 'development',
    runWorkerInWeb: e.RUN_WORKER_IN_WEB ? e.RUN_WORKER_IN_WEB === 'true' : !production,
    jobLockMs: e.JOB_LOCK_MS,
    jobReconcileMs: e.JOB_RECONCILE_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    smtpUrl: e.SMTP_URL,
    outboxPage: !e.SMTP_URL && !production,
    mailFrom: e.MAIL_FROM,
    demoData: e.DEMO_DATA ? e.DEMO_DATA === 'true' : embedded,
    rateLimits,
    contractPdfConcurrency: e.CONTRACT_PDF_CONCURRENCY,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    embedded,
    placementUrls,
    placementOwnerUrls,
  };
}
