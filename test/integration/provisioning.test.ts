import assert from 'node:assert/strict';
import { loadMigrations } from '../../server/tenancy/migrator.js';
import { schemaFor, assertSlug } from '../../server/tenancy/slug.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';

describe('provisioning', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  const tables = async (schema: string) =>
    (
      await platform.databases.primary.raw<{ rows: { table_name: string }[] }>(
        'select table_name from information_schema.tables where table_schema = ? order by 1',
        [schema],
      )
    ).rows.map((r) => r.table_name);

  it('creates a tenant: registry row, schema, every migration in the ledger, seed', async () => {
    const record = await platform.createTenant('vietnam', { demo: true });
    const migrations = await loadMigrations('tenant');
    assert.equal(record.status, 'active');
    assert.equal(record.migrationState, 'ok');
    assert.equal(record.migrationVersion, migrations.at(-1)!.name);
    assert.equal(record.schemaName, schemaFor(assertSlug(record.slug)));
    assert.ok((await tables(record.schemaName)).includes('users'));
    const handle = (await platform.tenancy.resolve(record.slug))!;
    const [ledger, users] = await inTenant(handle, async (tx) => [
      await tx('schema_migrations').pluck('name'),
      await tx('users').orderBy('email').pluck('email'),
    ]);
    assert.deepEqual(
      ledger,
      migrations.map((m) => m.name),
    );
    assert.equal(users.length, 6, 'five demo roles and the second officer');
    assert.ok(users.includes(`officer@${record.slug}.demo`));
  });

  it('adds no demo accounts outside the embedded default and sandboxes', async () => {
    const record = await platform.createTenant('korea', { demo: false });
    const handle = (await platform.tenancy.resolve(record.slug))!;
    assert.equal(
      await inTenant(handle, async (tx) => (await tx('users').count<{ count: string }[]>('* as count'))[0]!.count),
      '0',
    );
  });

  it('refuses to create an existing tenant and changes nothing', async () => {
    const record = await platform.createTenant('korea');
    await assert.rejects(
      platform.provisioning.create(record.slug, { from: 'korea', demo: true }),
      new RegExp(`Tenant "${record.slug}" already exists .*nothing changed`),
    );
    const after = (await platform.tenancy.registry.find(record.slug))!;
    assert.deepEqual(after.updatedAt, record.updatedAt);
    assert.equal(after.demoData, false);
  });

  it('resumes a creation that failed half way', async () => {
    const slug = uniqueSlug();
    await platform.tenancy.registry.insert({
      slug,
      schemaName: schemaFor(assertSlug(slug)),
      placement: null,
      templateSlug: 'korea',
      demoData: false,
    });
    const record = await platform.provisioning.create(slug, { from: 'korea', demo: false });
    assert.equal(record.status, 'active');
  });

  it('explains a bad slug or a missing config', async () => {
    await assert.rejects(platform.provisioning.create('Bad Slug', { demo: false }), /not a valid tenant slug/);
    await assert.rejects(
      platform.provisioning.create(uniqueSlug(), { demo: false }),
      /No tenants\/.*\.yaml: write one, or create from a template/,
    );
    await assert.rejects(
      platform.provisioning.create(uniqueSlug(), { from: 'atlantis', demo: false }),
      /Template "atlantis" has no config file/,
    );
  });

  it('migrates with nothing pending as a no-op', async () => {
    const record = await platform.createTenant('cambodia');
    const results = await platform.provisioning.migrateAll({ concurrency: 2 });
    const mine = results.find((r) => r.slug === record.slug)!;
    assert.deepEqual(mine, { slug: record.slug, ok: true, applied: [], version: record.migrationVersion });
  });

  it('marks a tenant whose migration fails as failed, leaves it consistent and migrates the others', async () => {
    const broken = await platform.createTenant('korea');
    const healthy = await platform.createTenant('korea');
    const last = (await loadMigrations('tenant')).at(-1)!.name;
    const handle = (await platform.tenancy.resolve(broken.slug))!;
    // Forget the last migration in the ledger (only the owner may): re-running it collides with the table it made.
    await assert.rejects(
      inTenant(handle, (tx) => tx('schema_migrations').where({ name: last }).delete()),
      /permission denied/,
    );
    await platform
      .ownerDatabases!.primary.withSchema(handle.schema)
      .table('schema_migrations')
      .where({ name: last })
      .delete();
    const results = await platform.provisioning.migrateAll({ concurrency: 3 });
    const failed = results.find((r) => r.slug === broken.slug)!;
    assert.equal(failed.ok, false);
    assert.match(failed.error!, /already exists/);
    assert.equal(results.find((r) => r.slug === healthy.slug)!.ok, true);
    const record = (await platform.tenancy.registry.find(broken.slug))!;
    assert.equal(record.migrationState, 'failed');
    assert.match(record.migrationError!, /already exists/);
    // Its transaction rolled back whole: the schema is as it was before the run.
    assert.ok((await tables(broken.schemaName)).includes('users'));
  });

  it('suspends and resumes a tenant', async () => {
    const record = await platform.createTenant('korea');
    assert.equal((await platform.provisioning.setStatus(record.slug, 'suspended')).status, 'suspended');
    assert.equal((await platform.provisioning.setStatus(record.slug, 'active')).status, 'active');
    await assert.rejects(platform.provisioning.setStatus(uniqueSlug(), 'active'), /No tenant/);
  });

  it('drops a tenant with its schema', async () => {
    const record = await platform.createTenant('korea');
    await platform.provisioning.drop(record.slug);
    assert.equal(await platform.tenancy.registry.find(record.slug), undefined);
    assert.deepEqual(await tables(record.schemaName), []);
  });
});
