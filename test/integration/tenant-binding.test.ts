import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { together } from '../../server/db/together.js';
import { connect } from '../../server/db/databases.js';
import { assertSlug } from '../../server/tenancy/slug.js';
import { inTenant, inTenantReading, readInTenant } from '../../server/tenancy/tenant-context.js';
import { now, fixedClock } from '../../server/time/clock.js';
import { testDatabaseUrl, testPlatform, type TestPlatform } from '../support/platform.js';

describe('tenant binding', () => {
  let platform: TestPlatform;
  let a: string;
  let b: string;
  before(async () => {
    platform = await testPlatform();
    a = (await platform.createTenant('korea')).slug;
    b = (await platform.createTenant('kurdistan')).slug;
  });
  after(() => platform.close());

  it('makes an unbound query fail instead of reading another schema', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    try {
      await assert.rejects(pool.raw('select slug from instance'), /relation "instance" does not exist/);
      await assert.rejects(pool.raw('select app_now()'), /function app_now\(\) does not exist/);
      const path = await pool.raw<{ rows: { search_path: string }[] }>('show search_path');
      assert.equal(path.rows[0]!.search_path, 'tenant_unbound');
    } finally {
      await pool.destroy();
    }
  });

  it('binds the schema for one transaction only, never for the pooled session', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    try {
      const tenant = (await platform.tenancy.resolve(a))!;
      const bound = { ...tenant, db: pool };
      const seen = await inTenant(bound, async (tx) => (await tx('instance').first<{ slug: string }>('slug')).slug);
      assert.equal(seen, a);
      // The same (only) connection is back to the empty schema after commit...
      await assert.rejects(pool.raw('select slug from instance'), /does not exist/);
      // ...and after a rollback.
      await assert.rejects(
        inTenant(bound, () => Promise.reject(new Error('boom'))),
        /boom/,
      );
      await assert.rejects(pool.raw('select slug from instance'), /does not exist/);
    } finally {
      await pool.destroy();
    }
  });

  it('sends the binding with BEGIN: a transaction with one query costs three round trips', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    const sent: string[] = [];
    pool.on('query', (q: { sql: string }) => sent.push(q.sql));
    try {
      const tenant = { ...(await platform.tenancy.resolve(a))!, db: pool };
      assert.equal(
        await inTenant(tenant, async (tx) => (await tx('instance').first<{ slug: string }>('slug')).slug),
        a,
      );
      assert.equal(sent.length, 3);
      assert.match(sent[0]!, /^BEGIN; select set_config\('search_path', '[a-z_0-9]+', true\)/);
      assert.equal(sent[2], 'COMMIT;');
    } finally {
      await pool.destroy();
    }
  });

  it('sends reads with BEGIN and the binding, in order, and hands the work their rows', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    const sent: string[] = [];
    pool.on('query', (q: { sql: string }) => sent.push(q.sql));
    try {
      const tenant = { ...(await platform.tenancy.resolve(a))!, db: pool };
      const seen = await inTenantReading(
        tenant,
        ['select slug from instance', "select set_config('app.probe', 'read', true) as probe"],
        async (tx, [slugs, probes]) => ({
          slugs,
          probes,
          // The reads ran inside the transaction the work goes on in.
          setting: (await tx.raw<{ rows: { v: string }[] }>("select current_setting('app.probe') as v")).rows[0]!.v,
        }),
      );
      assert.deepEqual(seen, { slugs: [{ slug: a }], probes: [{ probe: 'read' }], setting: 'read' });
      assert.equal(sent.length, 3);
      assert.match(
        sent[0]!,
        /^BEGIN; select set_config\('search_path'.*; select slug from instance; select set_config/,
      );
    } finally {
      await pool.destroy();
    }
  });

  it('rolls back a transaction whose read sent with BEGIN failed, leaving its connection clean', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    try {
      const tenant = { ...(await platform.tenancy.resolve(a))!, db: pool };
      await assert.rejects(
        inTenantReading(tenant, ['select 1 / 0'], () => Promise.resolve()),
        /division by zero/,
      );
      // The only connection is neither inside an aborted transaction nor bound.
      assert.equal(
        await inTenant(tenant, async (tx) => (await tx('instance').first<{ slug: string }>('slug')).slug),
        a,
      );
      await assert.rejects(pool.raw('select slug from instance'), /does not exist/);
    } finally {
      await pool.destroy();
    }
  });

  it('binds a one-round-trip read to its tenant for that read only', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    try {
      const [ta, tb] = [(await platform.tenancy.resolve(a))!, (await platform.tenancy.resolve(b))!];
      const slugOf = async (tenant: typeof ta) =>
        (await readInTenant<{ slug: string }>({ ...tenant, db: pool }, 'select slug from instance'))[0]!.slug;
      assert.equal(await slugOf(ta), a);
      assert.equal(await slugOf(tb), b);
      // The only connection of the pool is unbound again afterwards.
      await assert.rejects(pool.raw('select slug from instance'), /does not exist/);
    } finally {
      await pool.destroy();
    }
  });

  it('writes the parts of a together() statement all or not at all', async () => {
    const tenant = (await platform.tenancy.resolve(a))!;
    const count = () =>
      inTenant(tenant, async (tx) => Number((await tx('outbound_emails').count<{ n: string }[]>('* as n'))[0]!.n));
    const before = await count();
    const mail = (tx: Knex.Transaction, id: string) =>
      tx('outbound_emails').insert({ id, recipient: 'x@example.test', locale: 'en', subject: 's', body_text: 'b' });
    await inTenant(tenant, (tx) => together(mail(tx, randomUUID()), mail(tx, randomUUID())));
    assert.equal(await count(), before + 2);
    // The last write breaks a key: the first is not kept either.
    const id = randomUUID();
    await assert.rejects(inTenant(tenant, (tx) => together(mail(tx, randomUUID()), mail(tx, id), mail(tx, id))));
    assert.equal(await count(), before + 2);
  });

  it('keeps two tenants apart when their transactions interleave on one small pool', async () => {
    const pool = connect(testDatabaseUrl(), { max: 2 });
    try {
      const ta = { ...(await platform.tenancy.resolve(a))!, db: pool };
      const tb = { ...(await platform.tenancy.resolve(b))!, db: pool };
      const reads = await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const tenant = i % 2 === 0 ? ta : tb;
          return inTenant(tenant, async (tx) => {
            await tx.raw('select pg_sleep(0.001)');
            return { want: tenant.slug, got: (await tx('instance').first<{ slug: string }>('slug')).slug };
          });
        }),
      );
      assert.deepEqual(
        reads.filter((r) => r.want !== r.got),
        [],
      );
    } finally {
      await pool.destroy();
    }
  });

  it('gives SQL and TypeScript the same tenant clock, to the millisecond', async () => {
    const at = '2026-06-30T14:59:59.999Z';
    const tenant = { ...(await platform.tenancy.resolve(a))!, clock: fixedClock(at) };
    const [fromTs, fromSql] = await inTenant(tenant, async (tx) => {
      const sql = await tx.raw<{ rows: { later: boolean }[] }>(`select app_now() > ?::timestamptz as later`, [
        '2026-06-30T14:59:59.998Z',
      ]);
      return [await now(tx), sql.rows[0]!.later];
    });
    assert.equal(fromTs.toISOString(), at);
    assert.equal(fromSql, true);
  });

  it('moves a sandbox clock by its offset', async () => {
    const tenant = { ...(await platform.tenancy.resolve(a))!, clock: { kind: 'offset' as const, ms: -86_400_000 } };
    const moved = await inTenant(tenant, (tx) => now(tx));
    const drift = Date.now() - 86_400_000 - moved.getTime();
    assert.ok(Math.abs(drift) < 5_000, `drift ${drift} ms`);
  });

  it('never takes a schema name from input', async () => {
    assert.equal(await platform.tenancy.resolve('tenant_korea; drop schema platform'), undefined);
    assert.throws(() => assertSlug('Robert"); drop table'), /Invalid tenant slug/);
  });
});
