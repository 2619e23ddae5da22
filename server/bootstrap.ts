/**
 * Boots what every entry point (web, worker, CLI, benchmarks) shares: configuration, the database
 * (embedded or given), the platform migrations, tenant configs and the tenancy service.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from './config.js';
import { openDatabases, type Databases } from './db/databases.js';
import type { EmbeddedServer } from './db/embedded.js';
import { createLogger, type Logger } from './logger.js';
import { TenantKeys } from './crypto/tenant-keys.js';
import { loadTenantConfigs } from './tenancy/configs.js';
import { loadMigrations, migrateSchema } from './tenancy/migrator.js';
import { enforceRuleImmutability } from './regulations/immutability.js';
import { ensureStaffKey } from './platform/staff.js';
import { provisioning, type Provisioning } from './tenancy/provisioning.js';
import { Tenancy } from './tenancy/tenancy.js';
import { databaseClocks, type ClockSource } from './time/clock.js';

export interface Platform {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  databases: Databases;
  tenancy: Tenancy;
  provisioning: Provisioning;
  /** Tenant data keys, stored wrapped by the key-encryption key of MASTER_KEY (never in the database). */
  keys: TenantKeys;
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/** The URL of an embedded server another process of ours already runs on this DATA_DIR, if any. */
function runningEmbeddedUrl(dataDir: string): string | undefined {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  return `postgres://koneps:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/koneps`;
}

export async function bootPlatform(
  options: { env?: NodeJS.ProcessEnv; clocks?: ClockSource; logger?: Logger } = {},
): Promise<Platform> {
  const config = loadConfig(options.env);
  const logger = options.logger ?? createLogger(config.logLevel);
  const configs = loadTenantConfigs(config.tenantsDir);
  let embedded: EmbeddedServer | undefined;
  let databaseUrl = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir);
  if (!databaseUrl) {
    // Loaded only here: the production image ships without the embedded PostgreSQL binaries.
    const { startEmbeddedPostgres } = await import('./db/embedded.js');
    embedded = await startEmbeddedPostgres(config.dataDir, 'koneps', (line) => logger.debug({ postgres: line }));
    databaseUrl = embedded.url;
  }
  const databases = openDatabases(databaseUrl, {
    max: config.dbPoolMax,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
    logger,
  });
  const keys = new TenantKeys({ current: config.masterKey, previous: config.previousMasterKey });
  try {
    await migrateSchema(databases.primary, 'platform', await loadMigrations('platform'));
    await enforceRuleImmutability(databases.primary, configs.all(), new Date());
    await ensureStaffKey(databases.primary, keys);
  } catch (error) {
    await databases.closeAll();
    await embedded?.stop();
    throw error;
  }
  const tenancy = new Tenancy({
    databases,
    configs,
    clocks: options.clocks ?? databaseClocks,
    placementUrls: config.placementUrls,
  });
  return {
    config,
    logger,
    databaseUrl,
    databases,
    tenancy,
    provisioning: provisioning(tenancy, keys),
    keys,
    embedded,
    async close() {
      await databases.closeAll();
      await embedded?.stop();
    },
  };
}
