/**
 * `npm start`: the web process. With nothing configured it is the embedded default: PostgreSQL
 * starts inside the process tree, the partner tenants are provisioned with demo accounts, and jobs
 * run here on BullMQ's PostgreSQL backend. Ctrl-C stops everything cleanly; the data stays in
 * DATA_DIR for the next start. SIGTERM (a container stop) stops accepting connections, lets the
 * requests in flight finish, then closes queues and pools, all within SHUTDOWN_TIMEOUT_MS.
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import { bootPlatform, openPlatformQueues } from './bootstrap.js';
import { internalMetricsApp } from './http/metrics-access.js';
import { jobRegistry } from './job-registry.js';
import { ConfigError } from './config.js';
import { assertApplicationRole, RolePrivilegeError } from './db/roles.js';
import { gracefulServer } from './http/graceful-close.js';
import { readinessChecks } from './http/health.js';
import { createI18n } from './i18n/i18n.js';
import { createServices } from './services.js';
import { ensureDemoStaff } from './platform/demo-staff.js';
import { onShutdownSignal } from './shutdown-signals.js';
import { startJobs, type RunningJobs } from './jobs/system.js';
import { TenantConfigError } from './tenancy/configs.js';
import { ensureConfiguredTenants } from './tenancy/demo.js';
import { buildInBackground, demoWorldTenants } from './demo-world/progress.js';
import { DEMO_CHECKER, DEMO_PASSWORD, DEMO_ROLES, DEMO_TOTP_SECRET, demoEmail } from './tenancy/seed.js';

/** Of SHUTDOWN_TIMEOUT_MS, what closing the queues, pools and embedded database is left after requests. */
const CLOSE_RESERVE_MS = 10_000;

async function main(): Promise<void> {
  const started = performance.now();
  const platform = await bootPlatform();
  const { config, logger, tenancy } = platform;
  if (config.env === 'production') await assertApplicationRole(platform.databases.primary);
  const provisioned = config.embedded
    ? await ensureConfiguredTenants(tenancy, platform.provisioning, { demo: config.demoData, logger })
    : [];
  // The pseudo-locale en-XA (?lng=en-XA) exists in development only.
  const i18n = await createI18n(undefined, { pseudo: config.env === 'development' });
  const queues = openPlatformQueues(platform);
  const services = createServices(platform, queues, i18n);
  if (config.embedded && config.demoData) await ensureDemoStaff(services.staff, tenancy);
  const app = buildApp({
    services,
    trustProxy: config.trustProxy,
    readiness: readinessChecks(platform, queues),
  });
  const server = app.listen(config.port, config.host);
  const web = gracefulServer(server);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  // The demo worlds of the tenants this first start provisioned, after the server listens: the
  // home pages say they are being built meanwhile. Never for a tenant provisioned otherwise.
  const demoWorlds = buildInBackground(services, demoWorldTenants(config, provisioned));
  // /metrics without a secret, for the internal network only (never publish this port).
  const metricsServer = config.metricsPort
    ? internalMetricsApp(services.metrics.registry).listen(config.metricsPort, config.host)
    : undefined;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://localhost:${port}`;
  logger.info({ url: base, ms: Math.round(performance.now() - started), queueBackend: queues.backend }, 'listening');
  // Where the master key comes from and its id, never the key: the operator backs it up apart.
  logger.info({ source: config.masterKeySource, id: platform.keys.currentKekId }, 'master key');
  // Partners by their address; a training sandbox lives under /s/ and is its trainer's to hand out.
  const active = (await tenancy.registry.list())
    .filter((r) => r.status === 'active' && r.kind === 'partner')
    .map((r) => r.slug);
  printWelcome(base, config.embedded && config.demoData, active);
  // Serving first, then background work: the embedded default runs the jobs here; in production
  // the worker processes do, and the web process only relays its outbox.
  let jobs: Promise<RunningJobs | undefined> = Promise.resolve(undefined);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // No new connections from here on; requests in flight still have the pools and queues.
    const drained = web.close(Math.max(1000, config.shutdownTimeoutMs - CLOSE_RESERVE_MS));
    logger.info({ inFlight: web.inFlight() }, 'stopped accepting connections; finishing the requests in flight');
    const [cut] = await Promise.all([
      drained,
      services.relay.stop(),
      // Jobs may still be starting: let them finish starting, then stop them.
      jobs.catch(() => undefined).then((running) => running?.stop()),
    ]);
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    if (cut > 0) logger.warn({ cut }, 'requests cut at the shutdown deadline');
    await queues.close().catch(() => {});
    await services.close().catch(() => {});
    await platform.close().catch((error: unknown) => logger.warn({ err: error }, 'shutdown'));
    process.exit(0);
  };
  onShutdownSignal((signal) => void stop(signal), config.shutdownTimeoutMs);
  if (config.runWorkerInWeb)
    jobs = startJobs(services, queues, jobRegistry(services), {
      workers: true,
      reconcileMs: config.jobReconcileMs,
    });
  else services.relay.start();
  await Promise.all([jobs, demoWorlds]);
}

function printWelcome(base: string, demo: boolean, slugs: string[]): void {
  const lines = [``, `  KONEPS export is running at ${base}/`, ``];
  for (const slug of slugs) lines.push(`    ${base}/t/${slug}/`);
  if (demo) {
    lines.push('', `  Demo accounts (password ${DEMO_PASSWORD}):`);
    lines.push(`    ${[...DEMO_ROLES, DEMO_CHECKER].map((role) => demoEmail('<tenant>', role)).join('  ')}`);
    lines.push(
      `    staff desk ${base}/platform/login: operator@platform.demo  agent@platform.demo  trainer@platform.demo`,
    );
    lines.push(`    authenticator key for every account with two-step verification: ${DEMO_TOTP_SECRET}`);
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof TenantConfigError || error instanceof RolePrivilegeError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
