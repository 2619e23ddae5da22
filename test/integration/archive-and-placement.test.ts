import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tenantArchives } from '../../server/tenancy/archive.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { scratchDatabase, testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';

/** Every row of every table, as text, ordered: two tenants with equal snapshots hold equal data. */
async function snapshot(handle: TenantHandle): Promise<Record<string, string[]>> {
  return inTenant(handle, async (tx) => {
    const tables = (
      await tx.raw<{ rows: { name: string }[] }>(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = ? and c.relkind = 'r' and c.relname <> 'schema_migrations' order by 1`,
        [handle.schema],
      )
    ).rows.map((r) => r.name);
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = await tx.raw<{ rows: { r: string }[] }>(`select t::text as r from ${table} t order by 1`);
      out[table] = rows.rows.map((r) => r.r);
    }
    return out;
  });
}

describe('data sovereignty, export and restore', () => {
  let second: Awaited<ReturnType<typeof scratchDatabase>>;
  let primary: TestPlatform;
  let sovereign: TestPlatform;
  let tenantsDir: string;
  let placed: string;

  before(async () => {
    second = await scratchDatabase('koneps_sovereign');
    // A tenant whose config places it in its own database, named by an environment variable.
    tenantsDir = mkdtempSync(path.join(os.tmpdir(), 'koneps-tenants-'));
    for (const f of ['korea.yaml', 'kurdistan.yaml'])
      copyFileSync(path.resolve('tenants', f), path.join(tenantsDir, f));
    placed = uniqueSlug('krd');
    const kurdistan = readFileSync(path.resolve('tenants/kurdistan.yaml'), 'utf8')
      .replace('slug: kurdistan', `slug: ${placed}`)
      .replace('hosts: [keps.localhost]', 'hosts: []');
    writeFileSync(
      path.join(tenantsDir, `${placed}.yaml`),
      `${kurdistan}\nplacement:\n  databaseUrlEnv: SOVEREIGN_DATABASE_URL\n`,
    );
    const env = {
      TENANTS_DIR: tenantsDir,
      SOVEREIGN_DATABASE_URL: second.url,
      SOVEREIGN_DATABASE_OWNER_URL: second.ownerUrl,
    };
    primary = await testPlatform({ env });
  });
  after(async () => {
    // Tenants placed in the scratch database leave the shared registry with it.
    for (const record of await primary.tenancy.registry.list()) {
      if (record.placement === 'SOVEREIGN_DATABASE_URL') await primary.tenancy.registry.remove(record.slug);
    }
    await primary.close();
    await sovereign?.close();
    await second.drop();
  });

  it('creates a tenant in the database its placement names and routes it there', async () => {
    const record = await primary.provisioning.create(placed, { demo: true });
    assert.equal(record.placement, 'SOVEREIGN_DATABASE_URL');
    const inPrimary = await primary.databases.primary.raw<{ rows: unknown[] }>(
      'select 1 from information_schema.schemata where schema_name = ?',
      [record.schemaName],
    );
    assert.equal(inPrimary.rows.length, 0, 'the schema must not exist in the primary database');
    const handle = (await primary.tenancy.resolve(placed))!;
    const database = await inTenant(
      handle,
      async (tx) => (await tx.raw<{ rows: { d: string }[] }>('select current_database() as d')).rows[0]!.d,
    );
    assert.equal(database, new URL(second.url).pathname.slice(1));
  });

  it('exports a tenant and restores an identical one into another database', async () => {
    const original = await primary.createTenant('korea', { demo: true });
    const handle = (await primary.tenancy.resolve(original.slug))!;
    const before = await snapshot(handle);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'koneps-archive-')), 'tenant.tar.gz');
    const archives = tenantArchives(primary.tenancy, primary.keys);
    const manifest = await archives.exportTenant(handle, file);
    assert.equal(manifest.tables.find((t) => t.name === 'users')!.rows, 6);

    // Another platform (its own registry) on the second database: a country's own server.
    sovereign = await testPlatform({ env: { DATABASE_URL: second.url, DATABASE_OWNER_URL: second.ownerUrl } });
    await tenantArchives(sovereign.tenancy, sovereign.keys).restoreTenant(file);
    const restored = (await sovereign.tenancy.resolve(original.slug))!;
    assert.equal(restored.status, 'active');
    assert.deepEqual(await snapshot(restored), before);
    await assert.rejects(tenantArchives(sovereign.tenancy, sovereign.keys).restoreTenant(file), /already exists here/);
  });

  it('moves a tenant from the primary database to its own, through drop and restore', async () => {
    const original = await primary.createTenant('korea', { demo: true });
    const handle = (await primary.tenancy.resolve(original.slug))!;
    const before = await snapshot(handle);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'koneps-archive-')), 'move.tar.gz');
    const archives = tenantArchives(primary.tenancy, primary.keys);
    await archives.exportTenant(handle, file);
    await primary.provisioning.drop(original.slug);
    await archives.restoreTenant(file, { placement: 'SOVEREIGN_DATABASE_URL' });
    const moved = (await primary.tenancy.resolve(original.slug))!;
    assert.equal((await primary.tenancy.registry.find(original.slug))!.placement, 'SOVEREIGN_DATABASE_URL');
    assert.deepEqual(await snapshot(moved), before);
  });

  it('refuses a damaged archive and leaves no tenant behind', async () => {
    const original = await primary.createTenant('korea', { demo: true });
    const handle = (await primary.tenancy.resolve(original.slug))!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-archive-'));
    const file = path.join(dir, 'bad.tar.gz');
    await tenantArchives(primary.tenancy, primary.keys).exportTenant(handle, file);
    await primary.provisioning.drop(original.slug);
    const tar = await import('tar');
    const work = mkdtempSync(path.join(os.tmpdir(), 'koneps-tamper-'));
    await tar.extract({ file, cwd: work });
    const users = path.join(work, 'data', 'users.copy');
    writeFileSync(users, readFileSync(users, 'utf8').replace('시연 조달 담당관', '시연 조달 담당자'));
    await tar.create({ gzip: true, file, cwd: work }, ['manifest.json', 'data']);
    await assert.rejects(tenantArchives(primary.tenancy, primary.keys).restoreTenant(file), /damaged/);
    assert.equal(await primary.tenancy.registry.find(original.slug), undefined);
  });
});
