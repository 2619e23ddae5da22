import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { sealTenant } from '../../server/audit/sealer.js';
import { AuditTrail, SYSTEM_ACTOR } from '../../server/audit/trail.js';
import { bootPlatform } from '../../server/bootstrap.js';
import { connect } from '../../server/db/databases.js';
import { EMBEDDED_ROLES } from '../../server/db/embedded.js';
import { assertApplicationRole, ensureDatabaseRoles } from '../../server/db/roles.js';
import { loadMigrations, migrateSchema } from '../../server/tenancy/migrator.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import {
  TEST_MASTER_KEY,
  scratchDatabase,
  testOwnerUrl,
  testPlatform,
  type TestPlatform,
} from '../support/platform.js';

const AUDIT_TABLES = ['audit_entries', 'audit_blocks', 'audit_sealed'];
const AUDIT_COLUMN: Record<string, string> = {
  audit_entries: 'action',
  audit_blocks: 'prev_hash',
  audit_sealed: 'position',
};

/** Runs `sql` as the application role with the tenant's schema first on the search path. */
function asApp(tenant: TenantHandle, sql: string): Promise<unknown> {
  return inTenant(tenant, (tx) => tx.raw(sql));
}

describe('database roles', () => {
  let platform: TestPlatform;
  let tenant: TenantHandle;
  let owner: Knex;
  before(async () => {
    platform = await testPlatform();
    tenant = (await platform.tenancy.resolve((await platform.createTenant('korea', { demo: true })).slug))!;
    owner = connect(testOwnerUrl(), { max: 2 });
  });
  after(async () => {
    await owner.destroy();
    await platform.close();
  });

  const one = async <Row>(db: Knex, sql: string, bindings: Knex.RawBinding[] = []): Promise<Row> =>
    (await db.raw<{ rows: Row[] }>(sql, bindings)).rows[0]!;

  describe('the application role (web and worker)', () => {
    it('is no superuser, cannot create databases or roles, and owns nothing', async () => {
      const role = await one<{ super: boolean; createdb: boolean; createrole: boolean; owned: string }>(
        platform.databases.primary,
        `select rolsuper as super, rolcreatedb as createdb, rolcreaterole as createrole,
                (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where c.relowner = r.oid and n.nspname not in ('pg_catalog', 'information_schema'))
                + (select count(*) from pg_namespace where nspowner = r.oid)
                + (select count(*) from pg_proc where proowner = r.oid) as owned
           from pg_roles r where rolname = current_user`,
      );
      assert.deepEqual(role, { super: false, createdb: false, createrole: false, owned: '0' });
      await assert.doesNotReject(assertApplicationRole(platform.databases.primary));
    });

    it('has CREATE on neither the database nor any schema', async () => {
      const privileges = await one<{ database: boolean; schemas: string[] }>(
        platform.databases.primary,
        `select has_database_privilege(current_database(), 'CREATE') as database,
                array(select nspname::text from pg_namespace where has_schema_privilege(oid, 'CREATE')
                       and nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%') as schemas`,
      );
      assert.deepEqual(privileges, { database: false, schemas: [] });
    });

    it('is refused CREATE SCHEMA, CREATE TABLE, ALTER TABLE and DROP TABLE', async () => {
      await assert.rejects(asApp(tenant, 'create schema intruder'), /permission denied for database/);
      await assert.rejects(asApp(tenant, 'create table intruder (x int)'), /permission denied for schema/);
      await assert.rejects(asApp(tenant, 'create table platform.intruder (x int)'), /permission denied for schema/);
      await assert.rejects(asApp(tenant, 'create table public.intruder (x int)'), /permission denied for schema/);
      await assert.rejects(asApp(tenant, 'alter table users add column intruder int'), /must be owner of table users/);
      await assert.rejects(asApp(tenant, 'drop table notices'), /must be owner of table notices/);
      await assert.rejects(asApp(tenant, 'create index intruder on users (email)'), /must be owner of table users/);
    });

    for (const table of AUDIT_TABLES) {
      it(`may only INSERT into and SELECT from ${table}: UPDATE, DELETE and TRUNCATE are refused`, async () => {
        const privileges = await one<Record<string, boolean>>(
          platform.databases.primary,
          `select ${['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger']
            .map((p) => `has_table_privilege(?, '${p}') as "${p}"`)
            .join(', ')}`,
          Array(7).fill(`${tenant.schema}.${table}`) as string[],
        );
        assert.deepEqual(privileges, {
          select: true,
          insert: true,
          update: false,
          delete: false,
          truncate: false,
          references: false,
          trigger: false,
        });
        const refused = new RegExp(`permission denied for table ${table}`);
        await assert.rejects(
          asApp(tenant, `update ${table} set ${AUDIT_COLUMN[table]} = ${AUDIT_COLUMN[table]}`),
          refused,
        );
        await assert.rejects(asApp(tenant, `delete from ${table}`), refused);
        await assert.rejects(asApp(tenant, `truncate ${table} cascade`), refused);
      });
    }

    it('cannot disable the audit triggers, nor skip them by replication role', async () => {
      for (const table of AUDIT_TABLES) {
        await assert.rejects(asApp(tenant, `alter table ${table} disable trigger all`), /must be owner of table/);
        await assert.rejects(
          asApp(tenant, `alter table ${table} disable trigger ${table}_append_only`),
          /must be owner of table/,
        );
      }
      await assert.rejects(asApp(tenant, `set session_replication_role = replica`), /permission denied/);
      await assert.rejects(asApp(tenant, `drop trigger audit_entries_append_only on audit_entries`), /must be owner/);
      await assert.rejects(
        asApp(
          tenant,
          `create or replace function audit_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`,
        ),
        /permission denied|must be owner/,
      );
    });

    it('cannot rewrite the migration ledger of a tenant or of the platform', async () => {
      await assert.rejects(
        asApp(tenant, `insert into schema_migrations (name) values ('forged')`),
        /permission denied/,
      );
      await assert.rejects(asApp(tenant, `delete from schema_migrations`), /permission denied/);
      await assert.rejects(asApp(tenant, `delete from platform.schema_migrations`), /permission denied/);
    });

    it('does its work: rows in tenant and platform tables, audit entries recorded and sealed, pages served', async () => {
      const audit = new AuditTrail({ nudge: () => {} });
      await inTenant(tenant, async (tx) => {
        await tx('users')
          .where({ email: `officer@${tenant.slug}.demo` })
          .update({ updated_at: tx.fn.now() });
        await audit.record(tx, tenant, SYSTEM_ACTOR, { action: 'test.roles' });
      });
      assert.ok((await sealTenant(tenant, { full: true })) >= 1);
      await platform.tenancy.registry.update(tenant.slug, { jobsPaused: false });
      const app = await platform.app();
      await request(app).get(`/t/${tenant.slug}/`).expect(200);
    });
  });

  describe('the owner role (migrations and provisioning)', () => {
    it('owns every table, sequence and schema of the platform, the tenants and the job queues', async () => {
      const foreign = await one<{ objects: string[] }>(
        owner,
        `select array(
           select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
              and c.relkind in ('r', 'p', 'S', 'v') and c.relowner <> current_user::regrole
           union all
           select nspname::text from pg_namespace
            where nspname not like 'pg\\_%' and nspname not in ('information_schema', 'public')
              and nspowner <> current_user::regrole) as objects`,
      );
      assert.deepEqual(foreign.objects, []);
      const schemas = await one<{ names: string[] }>(
        owner,
        `select array(select nspname::text from pg_namespace where nspowner = current_user::regrole order by 1) as names`,
      );
      assert.ok(schemas.names.includes('platform') && schemas.names.includes(tenant.schema), schemas.names.join());
      const role = await one<{ super: boolean }>(
        owner,
        'select rolsuper as super from pg_roles where rolname = current_user',
      );
      assert.equal(role.super, false);
    });

    it('grants the application role the tables a later migration adds, audit tables append-only', async () => {
      const migrations = await loadMigrations('tenant');
      const later = {
        name: '99991231-2359-create-later-things',
        up: async (knex: Knex) => {
          await knex.raw('create table later_things (id bigint generated always as identity primary key, note text)');
          await knex.raw('create table audit_later (seq bigint generated always as identity primary key, note text)');
        },
      };
      const appRole = (await one<{ role: string }>(platform.databases.primary, 'select current_user as role')).role;
      await migrateSchema(owner, tenant.schema, [...migrations, later], { grantTo: appRole });
      await inTenant(tenant, async (tx) => {
        await tx('later_things').insert({ note: 'a' });
        await tx('later_things').update({ note: 'b' });
        await tx('audit_later').insert({ note: 'a' });
        assert.equal((await tx('audit_later').select('note')).length, 1);
      });
      await assert.rejects(asApp(tenant, `update audit_later set note = 'forged'`), /permission denied/);
      await assert.rejects(asApp(tenant, `delete from audit_later`), /permission denied/);
    });

    it('is what a production web or worker process refuses to run as', async () => {
      await assert.rejects(assertApplicationRole(owner), /the owner of the tables.*DATABASE_OWNER_URL/);
    });
  });

  describe('provisioning without the owner role', () => {
    it('is refused, naming DATABASE_OWNER_URL, in a process given only DATABASE_URL', async () => {
      const appOnly = await testPlatform({ env: { DATABASE_OWNER_URL: undefined } });
      try {
        await assert.rejects(appOnly.createTenant('korea'), /DATABASE_OWNER_URL is not set/);
        await assert.rejects(appOnly.provisioning.migrateAll(), /DATABASE_OWNER_URL is not set/);
        await assert.rejects(appOnly.provisioning.drop(tenant.slug), /DATABASE_OWNER_URL is not set/);
      } finally {
        await appOnly.close();
      }
    });

    it('names the missing owner variable of a placement', () => {
      assert.throws(
        () => platform.tenancy.ownerDatabaseFor('NOWHERE_DATABASE_URL'),
        /NOWHERE_DATABASE_OWNER_URL is not set/,
      );
    });
  });

  it('hands a database made by a single role over to the owner (the split of an existing install)', async () => {
    const scratch = await scratchDatabase('koneps_legacy');
    const superuser = new URL(process.env.TEST_ADMIN_URL!);
    superuser.pathname = new URL(scratch.url).pathname;
    const legacy = connect(superuser.toString(), { max: 1 });
    try {
      await legacy.raw(`alter database ${superuser.pathname.slice(1)} owner to current_user;
        create schema legacy;
        create table legacy.things (id bigint generated always as identity primary key, n serial);
        create view legacy.thing_ids as select id from legacy.things;
        create function legacy.answer() returns int language sql as 'select 42'`);
      const ownerUrl = new URL(testOwnerUrl());
      const appUrl = new URL(scratch.url);
      await ensureDatabaseRoles(superuser.toString(), superuser.pathname.slice(1), {
        owner: { name: ownerUrl.username, password: decodeURIComponent(ownerUrl.password) },
        app: { name: appUrl.username, password: decodeURIComponent(appUrl.password) },
      });
      const owners = await one<{ owners: string[] }>(
        legacy,
        `select array(select distinct r from (
           select nspowner::regrole::text as r from pg_namespace where nspname = 'legacy'
           union all select relowner::regrole::text from pg_class where relnamespace = 'legacy'::regnamespace
           union all select proowner::regrole::text from pg_proc where pronamespace = 'legacy'::regnamespace
           union all select datdba::regrole::text from pg_database where datname = current_database()) o) as owners`,
      );
      assert.deepEqual(owners.owners, [ownerUrl.username]);
    } finally {
      await legacy.destroy();
      await scratch.drop();
    }
  });
});

describe('the embedded default', () => {
  it('creates both roles itself and serves as the application role, migrating as the owner', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'koneps-embedded-roles-'));
    const platform = await bootPlatform({
      env: {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        TENANTS_DIR: path.resolve('tenants'),
        SESSION_SECRET: 'test-session-secret-that-is-long-enough-to-pass',
        MASTER_KEY: TEST_MASTER_KEY,
        LOG_LEVEL: 'silent',
        DB_POOL_MAX: '2',
      },
    });
    try {
      assert.equal(platform.config.embedded, true);
      const app = (
        await platform.databases.primary.raw<{ rows: { role: string; super: boolean }[] }>(
          'select current_user as role, rolsuper as super from pg_roles where rolname = current_user',
        )
      ).rows[0]!;
      assert.deepEqual(app, { role: EMBEDDED_ROLES.app, super: false });
      await assert.doesNotReject(assertApplicationRole(platform.databases.primary));
      const owners = (
        await platform.databases.primary.raw<{ rows: { owner: string }[] }>(
          `select distinct tableowner as owner from pg_tables where schemaname in ('platform', 'bullmq')`,
        )
      ).rows.map((r) => r.owner);
      assert.deepEqual(owners, [EMBEDDED_ROLES.owner]);
      assert.equal(new URL(platform.ownerDatabaseUrl!).username, EMBEDDED_ROLES.owner);
      for (const file of ['pg-owner-password', 'pg-app-password']) {
        assert.equal(statSync(path.join(dataDir, file)).mode & 0o777, 0o600, file);
      }
    } finally {
      await platform.close();
    }
  });
});
