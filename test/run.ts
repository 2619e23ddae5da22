/**
 * `npm test`: starts what the suite needs, runs every tier in one mocha run and prints
 * `N passed, N failed` last.
 * - Nothing set: an embedded PostgreSQL server in a temporary directory; BullMQ on its
 *   PostgreSQL backend.
 * - DATABASE_URL / REDIS_URL set: those servers; BullMQ on Redis.
 * Either way the run creates its own database (and Redis key prefix) and drops it at the end, and
 * the two roles the platform runs as: the app under test connects as the application role
 * (TEST_DATABASE_URL), provisioning as the owner (TEST_OWNER_URL); TEST_ADMIN_URL stays the
 * superuser, for tests that tamper on purpose.
 * `npm test -- unit` (or integration, e2e, browser, crawl, cluster) runs one tier; any other argument keeps only the files
 * whose path contains it (`npm test -- e2e bids`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Mocha from 'mocha';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../server/db/embedded.js';
import { ensureDatabaseRoles, type RoleCredentials } from '../server/db/roles.js';

const TIERS = ['unit', 'integration', 'e2e', 'browser', 'crawl', 'cluster'] as const;
/**
 * Tiers run only when named: the cluster tier (`npm test -- cluster`) starts its own servers
 * (scripts/cluster) and needs no test database of the runner's.
 */
const NAMED_ONLY_TIERS: readonly string[] = ['cluster'];
/**
 * Tiers that test pages, not the database: they run on the embedded engine (the fresh-machine
 * pass of CI) and are left out of a run against DATABASE_URL unless named (`npm test -- browser`, `npm test -- crawl`).
 */
const ONE_ENGINE_TIERS: readonly string[] = ['browser', 'crawl'];

async function testFiles(tiers: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const tier of tiers) {
    const dir = path.resolve('test', tier);
    for (const entry of await readdir(dir, { recursive: true })) {
      if (entry.endsWith('.test.ts')) files.push(path.join(dir, entry));
    }
  }
  return files.sort();
}

function withDatabase(url: string, database: string, role?: RoleCredentials): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (role) {
    parsed.username = role.name;
    parsed.password = encodeURIComponent(role.password);
  }
  return parsed.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * When a test times out, what its database was doing at that moment: the sessions that were not
 * idle, what they waited for and how long their transactions had been open. A hang in CI then
 * names the statement or the lock it hung on.
 */
async function reportDatabaseActivity(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<Record<string, string | null>>(
      `select pid, application_name as app, state, wait_event_type || ':' || wait_event as waiting,
              round(extract(epoch from now() - xact_start)::numeric, 1) || ' s' as in_transaction,
              pg_blocking_pids(pid)::text as blocked_by, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
         from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid() and state <> 'idle'
        order by xact_start nulls last`,
      [database],
    );
    process.stdout.write(`  database activity at the timeout (${rows.length} busy sessions):\n`);
    for (const row of rows) process.stdout.write(`    ${JSON.stringify(row)}\n`);
  } catch (error) {
    process.stdout.write(`  database activity unavailable: ${(error as Error).message}\n`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** One mocha run over the tiers' files (kept when a filter matches their path); counts passes and failures. */
async function runMocha(
  tiers: readonly string[],
  filters: string[],
  onTimeout?: () => Promise<void>,
): Promise<{ passed: number; failed: number }> {
  const mocha = new Mocha({ timeout: 30_000, reporter: 'spec', slow: 2_000 });
  for (const file of await testFiles(tiers)) {
    if (filters.length === 0 || filters.some((f) => file.includes(f))) mocha.addFile(file);
  }
  let passed = 0;
  let failed = 0;
  const pending: Promise<void>[] = [];
  try {
    await mocha.loadFilesAsync();
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => passed++);
      runner.on('fail', (_test, error: { code?: string }) => {
        failed++;
        if (error.code === 'ERR_MOCHA_TIMEOUT' && onTimeout) pending.push(onTimeout());
      });
    });
    await Promise.all(pending);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack}\n`);
    failed++;
  }
  return { passed, failed };
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2).filter((a) => (TIERS as readonly string[]).includes(a));
  const tiers =
    requested.length > 0
      ? requested
      : TIERS.filter(
          (tier) => !NAMED_ONLY_TIERS.includes(tier) && !(process.env.DATABASE_URL && ONE_ENGINE_TIERS.includes(tier)),
        );
  const filters = process.argv.slice(2).filter((a) => !(TIERS as readonly string[]).includes(a));
  if (tiers.every((tier) => NAMED_ONLY_TIERS.includes(tier))) {
    const { passed, failed } = await runMocha(tiers, filters);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }
  const runId = randomBytes(4).toString('hex');
  const database = `koneps_test_${runId}`;
  let embedded: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'koneps-test-'));
    embedded = await startEmbeddedPostgres(tmp, 'postgres');
    adminUrl = embedded.adminUrl('postgres');
  }
  await admin(adminUrl, `create database ${database}`);
  // Roles are cluster-wide: named after the run, so runs sharing a server never meet.
  const roles = {
    owner: { name: `koneps_owner_${runId}`, password: randomBytes(18).toString('base64url') },
    app: { name: `koneps_app_${runId}`, password: randomBytes(18).toString('base64url') },
  };
  await ensureDatabaseRoles(adminUrl, database, roles);
  process.env.TEST_ADMIN_URL = adminUrl;
  process.env.TEST_DATABASE_URL = withDatabase(adminUrl, database, roles.app);
  process.env.TEST_OWNER_URL = withDatabase(adminUrl, database, roles.owner);
  process.env.TEST_OWNER_ROLE = roles.owner.name;
  process.env.TEST_RUN_ID = runId;
  if (process.env.REDIS_URL) process.env.TEST_REDIS_URL = process.env.REDIS_URL;
  process.stdout.write(
    `Testing on ${embedded ? 'embedded PostgreSQL' : 'PostgreSQL at DATABASE_URL'} (database ${database}), ` +
      `jobs on ${process.env.REDIS_URL ? 'Redis at REDIS_URL' : "BullMQ's PostgreSQL backend"}\n`,
  );
  const left = TIERS.filter((tier) => !tiers.includes(tier) && ONE_ENGINE_TIERS.includes(tier));
  if (requested.length === 0 && left.length > 0)
    process.stdout.write(`Left out on this engine (they run on the embedded one): ${left.join(', ')}\n`);
  // The app under test must not see the runner's own server settings.
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;

  let counts: { passed: number; failed: number };
  try {
    counts = await runMocha(tiers, filters, () => reportDatabaseActivity(adminUrl, database));
  } finally {
    await admin(adminUrl, `drop database if exists ${database} with (force)`).catch((e: Error) =>
      process.stderr.write(`could not drop ${database}: ${e.message}\n`),
    );
    await admin(adminUrl, `drop role if exists ${roles.app.name}; drop role if exists ${roles.owner.name}`).catch(
      (e: Error) => process.stderr.write(`could not drop the run's roles: ${e.message}\n`),
    );
    await embedded?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
  const { passed, failed } = counts;
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

process.exit(await main());
