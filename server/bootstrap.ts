/**
 * Boots what every entry point (web, worker, CLI, benchmarks) shares: configuration, the database
 * (embedded or given), the platform migrations, tenant configs and the tenancy service.
 *
 * Two database roles (db/roles.ts): everything runs as the application role (DATABASE_URL); a
 * process also given the owner role (DATABASE_OWNER_URL, and always the embedded default) migrates
 * the platform at boot and can provision tenants; one without it only checks the platform's
 * migrations are current.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabases, type Databases } from './db/databases.js';
// Types only: the module (and the embedded PostgreSQL binaries) is loaded in the embedded default
// alone, so the production image ships without them.
import type { EmbeddedServer, RoleUrls } from './db/embedded.js';
import { granteeFor } from './db/roles.js';
import { prepareQueueSchema } from './jobs/queues.js';
import { createLogger, type Logger } from './logger.js';
import { TenantKeys } from './crypto/tenant-keys.js';
import { loadTenantConfigs } from './tenancy/configs.js';
import { loadMigrations, migrateSchema, pendingMigrations } from './tenancy/migrator.js';
import { enforceRuleImmutability } from './regulations/immutability.js';
import { ensureStaffKey } from './platform/staff.js';
import { openQueues, type QueueSystem } from './jobs/queues.js';
import { provisioning, type Provisioning } from './tenancy/provisioning.js';
import { Tenancy } from './tenancy/tenancy.js';
import { databaseClocks, type ClockSource } from './time/clock.js';

export interface Platform {
  config: Config;
  logger: Logger;
  /** The application role (web and worker). */
  databaseUrl: string;
  databases: Databases;
  /** The owner role, when this process was given it (migrations and provisioning). */
  ownerDatabaseUrl?: string;
  ownerDatabases?: Databases;
  tenancy: Tenancy;
  provisioning: Provisioning;
  /** Tenant data keys, stored wrapped by the key-encryption key of MASTER_KEY (never in the database). */
  keys: TenantKeys;
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/** The role URLs of an embedded server another process of ours already runs on this DATA_DIR, if any. */
async function runningEmbeddedUrls(dataDir: string): Promise<RoleUrls | undefined> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  const { storedRoleUrls } = await import('./db/embedded.js');
  return storedRoleUrls(dataDir, Number(port));
}

/**
 * As the owner: platform migrations and, on BullMQ's PostgreSQL backend, its schema; both grant
 * the application role what it needs. Without the owner role: only checks nothing is pending.
 */
async function migratePlatform(
  config: Config,
  databases: Databases,
  owner: { url: string; databases: Databases } | undefined,
): Promise<void> {
  const migrations = await loadMigrations('platform');
  if (!owner) {
    const pending = await pendingMigrations(databases.primary, 'platform', migrations);
    if (pending.length > 0) {
      throw new ConfigError(
        `Platform migrations pending (${pending.join(', ')}): run \`tenants migrate\` with DATABASE_OWNER_URL first`,
      );
    }
    return;
  }
  const grantTo = await granteeFor(owner.databases.primary, databases.primary);
  await migrateSchema(owner.databases.primary, 'platform', migrations, { grantTo });
  if (config.queueBackend === 'postgres') await prepareQueueSchema(owner.url, grantTo);
}

export async function bootPlatform(
  options: { env?: NodeJS.ProcessEnv; clocks?: ClockSource; logger?: Logger } = {},
): Promise<Platform> {
  const config = loadConfig(options.env);
  const logger = options.logger ?? createLogger(config.logLevel, 'koneps', undefined, config.logPretty);
  const configs = loadTenantConfigs(config.tenantsDir);
  let embedded: EmbeddedServer | undefined;
  let urls: { app: string; owner?: string } | undefined = config.databaseUrl
    ? { app: config.databaseUrl, owner: config.databaseOwnerUrl }
    : await runningEmbeddedUrls(config.dataDir);
  if (!urls) {
    const { EMBEDDED_DATABASE, ensureEmbeddedRoles, startEmbeddedPostgres } = await import('./db/embedded.js');
    const server = await startEmbeddedPostgres(config.dataDir, EMBEDDED_DATABASE, (line) =>
      logger.debug({ postgres: line }),
    );
    embedded = server;
    urls = await ensureEmbeddedRoles(config.dataDir, server).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
  }
  const settings = { max: config.dbPoolMax, acquireTimeoutMs: config.dbAcquireTimeoutMs, logger };
  const databases = openDatabases(urls.app, settings);
  const owner = urls.owner ? { url: urls.owner, databases: openDatabases(urls.owner, settings) } : undefined;
  const closeAll = async () => {
    await databases.closeAll();
    await owner?.databases.closeAll();
    await embedded?.stop();
  };
  const keys = new TenantKeys({ current: config.masterKey, previous: config.previousMasterKey });
  try {
    await migratePlatform(config, databases, owner);
    await enforceRuleImmutability(databases.primary, configs.all(), new Date());
    await ensureStaffKey(databases.primary, keys);
  } catch (error) {
    await closeAll();
    throw error;
  }
  const tenancy = new Tenancy({
    databases,
    configs,
    clocks: options.clocks ?? databaseClocks,
    placementUrls: config.placementUrls,
    owner: owner && { databases: owner.databases, placementUrls: config.placementOwnerUrls },
  });
  return {
    config,
    logger,
    databaseUrl: urls.app,
    ownerDatabaseUrl: urls.owner,
    ownerDatabases: owner?.databases,
    databases,
    tenancy,
    provisioning: provisioning(tenancy, keys),
    keys,
    embedded,
    close: closeAll,
  };
}

/** The process's queues on the platform's backend: Redis when REDIS_URL (or REDIS_CLUSTER_NODES) is set, else PostgreSQL. */
export function openPlatformQueues(platform: Platform): QueueSystem {
  const { config } = platform;
  return openQueues({
    redisUrl: config.redisUrl,
    redisClusterNodes: config.redisClusterNodes,
    // BullMQ's PostgreSQL backend LISTENs: past a transaction-mode pooler it needs a direct URL.
    databaseUrl: config.databaseDirectUrl ?? platform.databaseUrl,
    prefix: config.queuePrefix,
    lockMs: config.jobLockMs,
  });
}
