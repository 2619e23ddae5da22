/**
 * The per-transaction tenant binding (`set_config(..., true)`, tenancy/tenant-context.ts) through a
 * real pgbouncer in transaction pooling mode, where consecutive transactions of one client run on
 * whatever server connection is free and one server connection serves many clients in turn. What
 * this proves and what must bypass the pooler is written up in docs/scaling.md.
 */
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import pg from 'pg';
import { openPlatformQueues } from '../../server/bootstrap.js';
import { connect } from '../../server/db/databases.js';
import { quoteRole } from '../../server/db/roles.js';
import { prepareQueueSchema } from '../../server/jobs/queues.js';
import { inTenant, inTenantReading, readInTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { startPgbouncer, type Pgbouncer } from '../support/pgbouncer.js';
import {
  testDatabaseUrl,
  testOwnerUrl,
  testPlatform,
  testSuperuserUrl,
  type TestPlatform,
} from '../support/platform.js';
import { sleep, until } from '../support/waiting.js';

const appRole = () => decodeURIComponent(new URL(testDatabaseUrl()).username);
const database = () => new URL(testDatabaseUrl()).pathname.slice(1);

async function asSuperuser(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testSuperuserUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A client connection of its own (not a pool's), so the test decides which client asks. */
async function client(url: string, options?: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, ...(options ? { options } : {}) });
  await c.connect();
  return c;
}

interface Session {
  pid: number;
  search_path: string;
  tenant: string | null;
}

const SESSION =
  "select pg_backend_pid() as pid, current_setting('search_path') as search_path, current_setting('app.tenant', true) as tenant";

async function session(c: pg.Client): Promise<Session> {
  return (await c.query<Session>(SESSION)).rows[0]!;
}

describe('pgbouncer in transaction pooling mode', () => {
  let platform: TestPlatform;
  let tenants: TenantHandle[];
  let shared: Pgbouncer;

  before(async function () {
    this.timeout(60_000);
    platform = await testPlatform();
    tenants = [];
    for (const template of ['korea', 'kurdistan']) {
      const { slug } = await platform.createTenant(template);
      tenants.push((await platform.tenancy.resolve(slug))!);
    }
    // The app asks for `search_path=tenant_unbound` as a startup option, which pgbouncer 1.18 does
    // not pass on: the role's default does the same job behind a pooler (docs/scaling.md).
    await asSuperuser(
      `alter role ${quoteRole(appRole())} in database ${quoteRole(database())} set search_path = tenant_unbound`,
    );
    // A table of the test's own in each tenant schema, made by the schemas' owner.
    const owner = platform.ownerDatabases!.primary;
    for (const tenant of tenants) {
      await owner.raw(
        `create table ${tenant.schema}.pgbouncer_probe (tenant text not null, n int not null);
         grant select, insert on ${tenant.schema}.pgbouncer_probe to ${quoteRole(appRole())}`,
      );
    }
    // Two server connections for up to ten client connections.
    shared = await startPgbouncer(testDatabaseUrl(), { poolSize: 2 });
  });

  after(async () => {
    await shared?.stop();
    await asSuperuser(`alter role ${quoteRole(appRole())} in database ${quoteRole(database())} reset search_path`);
    await platform?.close();
  });

  /** The tenants with their queries sent through `pool`, and how many client connections it opened. */
  function through(pool: Knex): { bound: TenantHandle[]; clients: () => number } {
    let created = 0;
    (pool.client as { pool: { on(event: string, listener: () => void): void } }).pool.on(
      'createSuccess',
      () => created++,
    );
    return { bound: tenants.map((t) => ({ ...t, db: pool })), clients: () => created };
  }

  it('keeps every one of 40 interleaved transactions of two tenants in its own schema', async () => {
    const pool = connect(shared.through(testDatabaseUrl()), { max: 10 });
    try {
      const { bound, clients } = through(pool);
      const seen = await Promise.all(
        Array.from({ length: 40 }, (_, n) => {
          const tenant = bound[n % 2]!;
          return inTenant(tenant, async (tx) => {
            await tx.raw('insert into pgbouncer_probe (tenant, n) values (?, ?)', [tenant.slug, n]);
            // Holds the server connection a little, so that other clients queue for it.
            await tx.raw('select pg_sleep(0.005)');
            const rows = (
              await tx.raw<{ rows: { tenant: string; n: number }[] }>('select tenant, n from pgbouncer_probe')
            ).rows;
            const instance = await tx('instance').first<{ slug: string }>('slug');
            const server = await tx.raw<{ rows: { pid: number; bound: string }[] }>(
              "select pg_backend_pid() as pid, current_setting('app.tenant') as bound",
            );
            return { tenant: tenant.slug, n, rows, instance: instance.slug, ...server.rows[0]! };
          });
        }),
      );
      for (const s of seen) {
        assert.equal(s.instance, s.tenant);
        assert.equal(s.bound, s.tenant);
        assert.ok(s.rows.some((r) => r.n === s.n));
        assert.deepEqual(
          s.rows.filter((r) => r.tenant !== s.tenant),
          [],
          `transaction ${s.n} saw another tenant's rows`,
        );
      }
      // Really shared: many client connections, at most two server connections behind them.
      assert.ok(clients() > 2, `only ${clients()} client connections`);
      assert.ok(new Set(seen.map((s) => s.pid)).size <= 2);
      for (const tenant of bound) {
        const rows = await inTenant(tenant, async (tx) => tx('pgbouncer_probe').select('tenant'));
        assert.equal(rows.length, 20);
        assert.ok(rows.every((r: { tenant: string }) => r.tenant === tenant.slug));
      }
    } finally {
      await pool.destroy();
    }
  });

  it('binds the one-message reads (readInTenant, inTenantReading) to their own tenant', async () => {
    const pool = connect(shared.through(testDatabaseUrl()), { max: 10 });
    try {
      const { bound } = through(pool);
      const seen = await Promise.all(
        Array.from({ length: 40 }, async (_, n) => {
          const tenant = bound[n % 2]!;
          const [row] =
            n % 4 < 2
              ? await readInTenant<{ slug: string }>(tenant, 'select slug from instance')
              : await inTenantReading(tenant, ['select slug from instance'], (_tx, [rows]) =>
                  Promise.resolve(rows as { slug: string }[]),
                );
          return { tenant: tenant.slug, slug: row!.slug };
        }),
      );
      for (const s of seen) assert.equal(s.slug, s.tenant);
      // No binding outlives its read: an unbound query through the pooler finds no tenant table.
      for (let i = 0; i < 4; i++) await assert.rejects(pool.raw('select slug from instance'), /does not exist/);
    } finally {
      await pool.destroy();
    }
  });

  it('leaves no tenant on the one server connection for the next client after commit, rollback or a read', async () => {
    const single = await startPgbouncer(testDatabaseUrl(), { poolSize: 1 });
    const url = single.through(testDatabaseUrl());
    const pool = connect(url, { max: 2 });
    const [first, second] = [await client(url), await client(url)];
    try {
      const [a, b] = through(pool).bound as [TenantHandle, TenantHandle];
      const before = await session(first);
      assert.equal(before.search_path, 'tenant_unbound');
      const expectClean = async (c: pg.Client) => {
        const after = await session(c);
        assert.equal(after.pid, before.pid, 'pgbouncer gave the client another server connection');
        assert.equal(after.search_path, before.search_path);
        assert.ok(!after.tenant, `tenant ${after.tenant} left on the connection`);
      };

      const pid = await inTenant(
        a,
        async (tx) => (await tx.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid')).rows[0]!.pid,
      );
      assert.equal(pid, before.pid);
      await expectClean(second);
      await assert.rejects(
        inTenant(b, () => Promise.reject(new Error('rolled back'))),
        /rolled back/,
      );
      await expectClean(first);
      assert.equal((await readInTenant<{ slug: string }>(b, 'select slug from instance'))[0]!.slug, b.slug);
      await expectClean(second);

      // The check has teeth: a session-level setting (no `true`) does cross to the next client.
      await first.query("select set_config('app.tenant', 'leaked', false)");
      assert.equal((await session(second)).tenant, 'leaked');
      await second.query('reset app.tenant');
    } finally {
      await first.end();
      await second.end();
      await pool.destroy();
      await single.stop();
    }
  });

  describe("BullMQ's PostgreSQL backend keeps session state", () => {
    it('loses LISTEN notifications through the pooler, which a direct connection gets', async () => {
      const pooled = await client(shared.through(testDatabaseUrl()));
      const direct = await client(testDatabaseUrl());
      const heard = { pooled: 0, direct: 0 };
      pooled.on('notification', () => heard.pooled++);
      direct.on('notification', () => heard.direct++);
      try {
        await pooled.query('listen koneps_pgbouncer_probe');
        await direct.query('listen koneps_pgbouncer_probe');
        const notifier = await client(testDatabaseUrl());
        await notifier.query("select pg_notify('koneps_pgbouncer_probe', 'job')");
        await notifier.end();
        await until(() => Promise.resolve(heard.direct > 0), 5_000);
        await sleep(500);
        assert.equal(heard.pooled, 0);
      } finally {
        await pooled.end().catch(() => {});
        await direct.end();
      }
    });

    it('loses its `-c search_path=bullmq` startup option through the pooler', async () => {
      const pooled = await client(shared.through(testDatabaseUrl()), '-c search_path=bullmq');
      try {
        assert.notEqual((await session(pooled)).search_path, 'bullmq');
      } finally {
        await pooled.end();
      }
    });

    it('runs jobs on DATABASE_DIRECT_URL while the app goes through the pooler', async () => {
      // Already there on the PostgreSQL backend; made here for the pass that runs jobs on Redis.
      await prepareQueueSchema(testOwnerUrl(), appRole());
      const direct = testDatabaseUrl();
      const config = { ...platform.config, redisUrl: undefined, databaseDirectUrl: direct };
      const queues = openPlatformQueues({ ...platform, config, databaseUrl: shared.through(direct) });
      const done: string[] = [];
      try {
        queues.startWorker('maintenance', (job) => Promise.resolve(done.push(String(job.data.probe))), 1);
        await queues.ready();
        await queues.queues.maintenance.add('pgbouncer-probe', { tenant: tenants[0]!.slug, probe: 'direct' });
        await until(() => Promise.resolve(done.includes('direct')), 10_000);
      } finally {
        await queues.close();
      }
    });
  });
});
