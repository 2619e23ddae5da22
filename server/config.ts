/**
 * Process configuration: the environment, parsed once at boot with zod.
 * Nothing else in the code base reads `process.env`.
 *
 * Two modes:
 * - embedded default (no DATABASE_URL): PostgreSQL is started inside the process tree, jobs run on
 *   BullMQ's PostgreSQL backend, secrets are generated once and kept in DATA_DIR (mode 0600);
 * - production (NODE_ENV=production): every required variable must be set; a missing or malformed
 *   one stops the process with one line naming it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const placementVariable = /^[A-Z][A-Z0-9_]*_DATABASE_URL$/;

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[a-z0-9-]+\}$/, 'must be a brace-wrapped Redis Cluster hash tag such as {koneps}')
    .default('{koneps}'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  TENANTS_DIR: z.string().min(1).default('./tenants'),
  TRUST_PROXY: z.string().default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_WORKER_IN_WEB: z.enum(['true', 'false']).optional(),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(55_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('KONEPS <no-reply@koneps.localhost>'),
  DEMO_DATA: z.enum(['true', 'false']).optional(),
});

export type QueueBackendKind = 'redis' | 'postgres';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl?: string;
  /** Absent in the embedded default: main.ts starts PostgreSQL and fills it in. */
  databaseUrl?: string;
  dbPoolMax: number;
  /** How long work waits for a free database connection before it answers 503 (ms). */
  dbAcquireTimeoutMs: number;
  redisUrl?: string;
  queueBackend: QueueBackendKind;
  queuePrefix: string;
  sessionSecret: string;
  masterKey: Buffer;
  dataDir: string;
  tenantsDir: string;
  trustProxy: boolean | number | string[];
  logLevel: string;
  runWorkerInWeb: boolean;
  /** A killed worker's job is taken over by another after this many milliseconds. */
  jobLockMs: number;
  /**
   * How long a stop (SIGTERM) may take before the process exits anyway: requests in flight and
   * running jobs finish within it. Keep it under the orchestrator's grace period (docker-compose
   * stop_grace_period: 60s), or the process is killed before it has closed its pools.
   */
  shutdownTimeoutMs: number;
  /** Absent: e-mail is written to DATA_DIR/outbox and shown on each tenant's outbox page. */
  smtpUrl?: string;
  mailFrom: string;
  demoData: boolean;
  embedded: boolean;
  /** Database URLs named by tenant placements (`placement.databaseUrlEnv`), read here once. */
  placementUrls: ReadonlyMap<string, string>;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

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

interface StoredSecrets {
  sessionSecret: string;
  masterKey: string;
}

/** Embedded default only: secrets are generated on first start and reused (file mode 0600). */
function loadOrCreateSecrets(dataDir: string): StoredSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSecrets>;
    if (parsed.sessionSecret && parsed.masterKey) return parsed as StoredSecrets;
    throw new ConfigError(`${file}: is incomplete; remove it to generate new secrets`);
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: StoredSecrets = {
    sessionSecret: randomBytes(48).toString('base64url'),
    masterKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid environment';
  const name = issue.path.join('.');
  return `${name}: ${issue.message}`;
}

/**
 * Parses the environment. Throws ConfigError with one line naming the variable; main.ts prints
 * that line and exits.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Configuration error: ${firstIssue(parsed.error)}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'SESSION_SECRET', 'MASTER_KEY'] as const) {
      if (!e[name]) {
        throw new ConfigError(`Configuration error: ${name} is required when NODE_ENV=production`);
      }
    }
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const needsStoredSecrets = !e.SESSION_SECRET || !e.MASTER_KEY;
  const stored = needsStoredSecrets ? loadOrCreateSecrets(dataDir) : undefined;
  const embedded = !e.DATABASE_URL;

  const placementUrls = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!placementVariable.test(name) || name === 'DATABASE_URL' || !value) continue;
    const url = postgresUrl.safeParse(value);
    if (!url.success) throw new ConfigError(`Configuration error: ${name}: ${url.error.issues[0]?.message}`);
    placementUrls.set(name, value);
  }

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    dbAcquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    queueBackend: e.REDIS_URL ? 'redis' : 'postgres',
    queuePrefix: e.QUEUE_PREFIX,
    sessionSecret: e.SESSION_SECRET ?? stored!.sessionSecret,
    masterKey: Buffer.from(e.MASTER_KEY ?? stored!.masterKey, 'base64'),
    dataDir,
    tenantsDir: path.resolve(e.TENANTS_DIR),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    runWorkerInWeb: e.RUN_WORKER_IN_WEB ? e.RUN_WORKER_IN_WEB === 'true' : !production,
    jobLockMs: e.JOB_LOCK_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    demoData: e.DEMO_DATA ? e.DEMO_DATA === 'true' : embedded,
    embedded,
    placementUrls,
  };
}
