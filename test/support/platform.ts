/**
 * Builds a real platform (real PostgreSQL, real queues) for a test file, on the database the runner
 * created. Each file makes its own tenants with fresh slugs, so files never share data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pg from 'pg';
import { buildApp } from '../../server/app.js';
import { bootPlatform, openPlatformQueues, type Platform } from '../../server/bootstrap.js';
import { readinessChecks } from '../../server/http/health.js';
import { createI18n } from '../../server/i18n/i18n.js';
import { jobRegistry } from '../../server/job-registry.js';
import type { QueueSystem } from '../../server/jobs/queues.js';
import { startJobs, type JobOptions, type RunningJobs } from '../../server/jobs/system.js';
import { createServices, type Services } from '../../server/services.js';
import type { TenantRecord } from '../../server/tenancy/registry.js';
import type { Logger } from '../../server/logger.js';
import type { ClockSource } from '../../server/time/clock.js';

/** A fixed master key for tests: random-looking, since a regular one (all 7s) is refused. */
export const TEST_MASTER_KEY = '4ev70lYzzhXj3vNDTziXPntTQbXJwVVCeELdA133P28=';

/** The run's database as the application role: what the web and worker processes connect as. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
  return url;
}

/** The run's database as the owner role: migrations and provisioning. */
export function testOwnerUrl(): string {
  const url = process.env.TEST_OWNER_URL;
  if (!url) throw new Error('TEST_OWNER_URL is not set: run the suite with `npm test`');
  return url;
}

/** The run's database as the superuser: only for tests that tamper on purpose. */
export function testSuperuserUrl(): string {
  const url = new URL(process.env.TEST_ADMIN_URL!);
  url.pathname = new URL(testDatabaseUrl()).pathname;
  return url.toString();
}

/** The environment a test platform boots with; `extra` adds or overrides variables. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_OWNER_URL: testOwnerUrl(),
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'koneps-data-')),
    TENANTS_DIR: path.resolve('tenants'),
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-to-pass',
    MASTER_KEY: TEST_MASTER_KEY,
    LOG_LEVEL: 'silent',
    DB_POOL_MAX: '4',
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    QUEUE_PREFIX: `{t${randomBytes(4).toString('hex')}}`,
    ...extra,
  };
}

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export interface TestPlatform extends Platform {
  /** A fresh tenant copied from a shipped partner's config (korea unless told otherwise). */
  createTenant(template?: string, options?: { demo?: boolean }): Promise<TenantRecord>;
  app(): Promise<Express>;
  /** The services behind app(), with its job workers running. */
  services(): Promise<Services>;
}

export async function testPlatform(
  options: { env?: NodeJS.ProcessEnv; clocks?: ClockSource; jobs?: Partial<JobOptions>; logger?: Logger } = {},
): Promise<TestPlatform> {
  const platform = await bootPlatform({ env: testEnv(options.env), clocks: options.clocks, logger: options.logger });
  let running: Promise<{ app: Express; services: Services; queues: QueueSystem; jobs: RunningJobs }> | undefined;
  const test: TestPlatform = {
    ...platform,
    createTenant: (template = 'korea', opts = {}) =>
      platform.provisioning.create(uniqueSlug(), { from: template, demo: opts.demo ?? false }),
    async app() {
      running ??= (async () => {
        const queues = openPlatformQueues(platform);
        // Only a platform booted with NODE_ENV=development has the pseudo-locale en-XA.
        const i18n = await createI18n(undefined, { pseudo: platform.config.env === 'development' });
        const services = createServices(platform, queues, i18n);
        const jobs = await startJobs(services, queues, jobRegistry(services), { workers: true, ...options.jobs });
        const app = buildApp({
          services,
          trustProxy: platform.config.trustProxy,
          readiness: readinessChecks(platform, queues),
        });
        return { app, services, queues, jobs };
      })();
      return (await running).app;
    },
    async services() {
      await test.app();
      return (await running!).services;
    },
    async close() {
      if (running) {
        const { jobs, queues, services } = await running;
        await jobs.stop();
        await queues.close();
        await services.close();
      }
      await platform.close();
    },
  };
  return test;
}

/**
 * Creates (or recreates) a scratch database on the test server, owned by the run's owner role;
 * returns its URL as the application role, as the owner, and a dropper.
 */
export async function scratchDatabase(
  name: string,
): Promise<{ url: string; ownerUrl: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_ADMIN_URL!;
  const database = `${name}_${process.env.TEST_RUN_ID ?? 'local'}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`drop database if exists ${database} with (force)`);
  await run(`create database ${database} owner ${process.env.TEST_OWNER_ROLE!}`);
  const as = (roleUrl: string) => {
    const url = new URL(roleUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  return {
    url: as(testDatabaseUrl()),
    ownerUrl: as(testOwnerUrl()),
    drop: () => run(`drop database if exists ${database} with (force)`),
  };
}
