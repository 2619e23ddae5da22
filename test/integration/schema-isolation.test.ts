/**
 * What keeps Citus schema-based sharding possible (docs/scaling.md): each tenant schema could
 * become a distributed schema, whose tables live together on one node, only if nothing in a tenant
 * schema points into another schema and no query reaches two tenant schemas at once.
 *
 * The catalog checks run on migrated tenant schemas, and each first proves on a planted violation
 * that it would see one. The source check is textual (string literals of server/**\/*.ts): it
 * proves that no SQL names a tenant schema and that a schema taken from a variable qualifies names
 * in the migrator only; together with the binding (search_path = the one tenant schema, nothing
 * else) that means no query can reach a second tenant schema. It does not parse SQL: a query put
 * together in a way these patterns do not see would escape it.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { quoteRole } from '../../server/db/roles.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testDatabaseUrl, testPlatform, type TestPlatform } from '../support/platform.js';

/** Schemas every schema may use: PostgreSQL's own. */
const SYSTEM = ['pg_catalog', 'information_schema', 'pg_toast'];

type Finding = Record<string, string>;

/** Foreign keys with exactly one end in `schema`. */
async function foreignKeysLeaving(db: Knex, schema: string): Promise<Finding[]> {
  const { rows } = await db.raw<{ rows: Finding[] }>(
    `select c.conname as constraint, fn.nspname || '.' || f.relname as from_table, tn.nspname || '.' || t.relname as to_table
       from pg_constraint c
       join pg_class f on f.oid = c.conrelid join pg_namespace fn on fn.oid = f.relnamespace
       join pg_class t on t.oid = c.confrelid join pg_namespace tn on tn.oid = t.relnamespace
      where c.contype = 'f' and (fn.nspname = ? or tn.nspname = ?) and fn.nspname <> tn.nspname`,
    [schema, schema],
  );
  return rows;
}

/**
 * Objects of `schema` that depend on another (non-system) schema's objects, as pg_depend records
 * it: views (through their rewrite rule), column defaults, triggers, tables, types, functions'
 * signatures. Function bodies are text that pg_depend does not follow: checked apart, by name.
 */
async function dependenciesLeaving(db: Knex, schema: string): Promise<Finding[]> {
  const { rows } = await db.raw<{ rows: Finding[] }>(
    `with owned as (
       select d.*, coalesce(
           o.schema,
           -- Rules, defaults, triggers and constraints have no schema of their own: their table's.
           (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.oid = case d.classid
                             when 'pg_rewrite'::regclass then (select ev_class from pg_rewrite where oid = d.objid)
                             when 'pg_attrdef'::regclass then (select adrelid from pg_attrdef where oid = d.objid)
                             when 'pg_trigger'::regclass then (select tgrelid from pg_trigger where oid = d.objid)
                             when 'pg_constraint'::regclass then (select conrelid from pg_constraint where oid = d.objid)
                           end)) as owner_schema,
         o.identity as object
         from pg_depend d, pg_identify_object(d.classid, d.objid, d.objsubid) o)
     select owned.object, r.type || ' ' || r.identity as depends_on
       from owned, pg_identify_object(owned.refclassid, owned.refobjid, owned.refobjsubid) r
      where owned.owner_schema = ? and r.schema is not null and r.schema <> ?
        and r.schema <> all(?) and owned.deptype in ('n', 'a')
        -- a foreign key's dependency is checked (and reported) by foreignKeysLeaving
        and not (owned.classid = 'pg_constraint'::regclass and r.type = 'table')`,
    [schema, schema, SYSTEM],
  );
  return rows;
}

/** Functions of `schema` whose body names another non-system schema as a qualifier. */
async function functionBodiesLeaving(db: Knex, schema: string): Promise<Finding[]> {
  const { rows } = await db.raw<{ rows: Finding[] }>(
    `select p.oid::regprocedure::text as function, other.nspname as names_schema
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace, pg_namespace other
      where n.nspname = ? and other.nspname <> ? and other.nspname <> all(?)
        and p.prosrc ~* ('(^|[^a-z0-9_])"{0,1}' || other.nspname || '"{0,1}\\s*\\.')`,
    [schema, schema, SYSTEM],
  );
  return rows;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => e.endsWith('.ts')).map((e) => path.join(dir, e));
}

/** String literals and template literals of a source file, roughly (no nested templates). */
function literals(source: string): string[] {
  return [...source.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]);
}

describe('tenant schemas are self-contained (Citus schema-based sharding stays possible)', () => {
  let platform: TestPlatform;
  let tenants: TenantHandle[];
  let owner: Knex;

  before(async function () {
    this.timeout(60_000);
    platform = await testPlatform();
    tenants = [];
    for (const template of ['korea', 'vietnam']) {
      const { slug } = await platform.createTenant(template, { demo: true });
      tenants.push((await platform.tenancy.resolve(slug))!);
    }
    owner = platform.ownerDatabases!.primary;
  });
  after(() => platform?.close());

  it('has no foreign key from a tenant schema to a table outside it, or into it from outside', async () => {
    const [a, b] = tenants.map((t) => t.schema) as [string, string];
    const inside = await owner.raw<{ rows: { n: number }[] }>(
      `select count(*)::int as n from pg_constraint c join pg_class t on t.oid = c.conrelid
        where c.contype = 'f' and t.relnamespace = ?::regnamespace`,
      [a],
    );
    assert.ok(inside.rows[0]!.n > 10, 'a tenant schema with foreign keys of its own');
    // The check sees a planted one, then the real schemas hold none.
    await owner
      .transaction(async (tx) => {
        await tx.raw(`create table ${a}.stray_target (id int primary key)`);
        await tx.raw(`create table ${b}.stray (target_id int references ${a}.stray_target (id))`);
        assert.equal((await foreignKeysLeaving(tx, b)).length, 1);
        await tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error && /rollback/i.test(error.message))) throw error;
      });
    for (const schema of [a, b]) assert.deepEqual(await foreignKeysLeaving(owner, schema), []);
  });

  it("has no view, default, trigger or function that uses another schema's objects", async () => {
    const [a, b] = tenants.map((t) => t.schema) as [string, string];
    await owner
      .transaction(async (tx) => {
        await tx.raw(`create view ${b}.stray_view as select slug from ${a}.instance`);
        await tx.raw(`create function ${b}.stray_fn() returns bigint language sql as 'select 1'`);
        await tx.raw(
          `create function ${b}.stray_body() returns bigint language plpgsql as $$ begin return (select count(*) from ${a}.instance); end $$`,
        );
        assert.deepEqual(
          [...new Set((await dependenciesLeaving(tx, b)).map((f) => f.object))],
          [`"_RETURN" on ${b}.stray_view`],
        );
        assert.deepEqual(
          (await functionBodiesLeaving(tx, b)).map((f) => f.names_schema),
          [a],
        );
        await tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error && /rollback/i.test(error.message))) throw error;
      });
    for (const schema of [a, b]) {
      assert.deepEqual(await dependenciesLeaving(owner, schema), []);
      assert.deepEqual(await functionBodiesLeaving(owner, schema), []);
    }
  });

  it('binds a transaction to its one tenant schema and nothing else', async () => {
    const app = platform.databases.primary;
    for (const tenant of tenants) {
      const schemas = await inTenant(tenant, async (tx) => {
        const { rows } = await tx.raw<{ rows: { schemas: string[] }[] }>(
          'select current_schemas(false)::text[] as schemas',
        );
        return rows[0]!.schemas;
      });
      assert.deepEqual(schemas, [tenant.schema]);
    }
    // The application role may not create anything that would reach across, either.
    const role = quoteRole(decodeURIComponent(new URL(testDatabaseUrl()).username));
    await assert.rejects(app.raw(`create schema stray authorization ${role}`), /permission denied/);
  });

  it('has no SQL in server/ that names a tenant schema or qualifies names with a schema from a variable', async () => {
    const root = path.resolve('server');
    const namesTenant: string[] = [];
    const variableSchema: string[] = [];
    for (const file of await sourceFiles(root)) {
      const source = await readFile(file, 'utf8');
      const where = path.relative(root, file);
      for (const literal of literals(source)) {
        // tenant_korea.users, "tenant_korea".users, tenant_${slug}.users
        if (/(^|[^a-z0-9_])"?tenant_(\w+|\$\{[^}]*\})"?\s*\.\s*"?[a-z_]/i.test(literal))
          namesTenant.push(`${where}: ${literal}`);
        // ${schema}.table in SQL text
        if (/\$\{[^}]*schema[^}]*\}"?\s*\.\s*"?[a-z_]/i.test(literal)) variableSchema.push(where);
      }
      // knex's withSchema(x) with anything but a literal
      if (/withSchema\(\s*[^'"`\s)]/.test(source)) variableSchema.push(where);
    }
    assert.deepEqual(namesTenant, []);
    // The migrator reads one tenant's ledger; queues.ts qualifies BullMQ's own schema (a constant).
    assert.deepEqual([...new Set(variableSchema)].sort(), ['jobs/queues.ts', 'tenancy/migrator.ts']);
  });

  it('has no SQL in server/ that joins a shared schema to other tables', async () => {
    const root = path.resolve('server');
    const joins: string[] = [];
    for (const file of await sourceFiles(root)) {
      const source = await readFile(file, 'utf8');
      const where = path.relative(root, file);
      for (const literal of literals(source)) {
        if (/\b(platform|bullmq|public)\s*\.\s*[a-z_]+/i.test(literal) && /\bjoin\b/i.test(literal))
          joins.push(`${where}: ${literal.slice(0, 80)}`);
      }
      // A knex chain on a shared schema that joins: withSchema('platform') ... .join( before the statement ends
      for (const match of source.matchAll(
        /withSchema\(\s*['"`](\w+)['"`]\s*\)[^;]*?\.(inner|left|right|full|cross)?[jJ]oin\(/g,
      ))
        joins.push(`${where}: withSchema('${match[1]}') ... join`);
    }
    assert.deepEqual(joins, []);
  });
});
