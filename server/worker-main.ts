/**
 * `npm run worker`: the job process for production (PostgreSQL + Redis). Stateless: several can
 * run side by side. SIGTERM lets the current jobs finish (or returns them to the queue) within
 * SHUTDOWN_TIMEOUT_MS (55 s), under docker-compose's stop_grace_period (60 s).
 */
import { bootPlatform, openPlatformQueues } from './bootstrap.js';
import { ConfigError } from './config.js';
import { assertApplicationRole, RolePrivilegeError } from './db/roles.js';
import { createI18n } from './i18n/i18n.js';
import { jobRegistry } from './job-registry.js';
import { createServices } from './services.js';
import { onShutdownSignal } from './shutdown-signals.js';
import { startJobs } from './jobs/system.js';
import { TenantConfigError } from './tenancy/configs.js';

async function main(): Promise<void> {
  const platform = await bootPlatform();
  const { config, logger } = platform;
  if (config.env === 'production') await assertApplicationRole(platform.databases.primary);
  const queues = openPlatformQueues(platform);
  const services = createServices(platform, queues, await createI18n());
  const jobs = await startJobs(services, queues, jobRegistry(services), {
    workers: true,
    reconcileMs: config.jobReconcileMs,
  });
  logger.info({ queueBackend: queues.backend, queues: jobs.workers.length }, 'worker ready');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    await jobs.stop();
    await queues.close().catch(() => {});
    await services.close().catch(() => {});
    await platform.close();
    process.exit(0);
  };
  onShutdownSignal((signal) => void stop(signal), config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof TenantConfigError || error instanceof RolePrivilegeError;
  process.stderr.write(`${known ? error.message : `Worker failed to start: ${(error as Error).stack}`}\n`);
  process.exit(1);
});
