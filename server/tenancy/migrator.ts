/**
 * Forward-only migrations with a ledger per schema (`<schema>.schema_migrations`).
 *
 * Why not knex's migrator: it runs each file in its own transaction and keeps a lock table per
 * schema, while a tenant must move from one version to the next atomically, inside a transaction
 * whose `search_path` is bound to that tenant only (set_config(..., true)). Files still use knex's
 * schema builder: `export async function up(knex: Knex): Promise<void>`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { grantApplicationAccess } from '../db/roles.js';

export type MigrationKind = 'platform' | 'tenant';

export interface Migration {
  name: string;
  up: (knex: Knex) => Promise<void>;
}

export interface MigrationOutcome {
  applied: string[];
  version: string | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const runningFromSource = import.meta.url.endsWith('.ts');
const FILE = runningFromSource ? /^\d{8}-\d{4}-[a-z0-9-]+\.ts$/ : /^\d{8}-\d{4}-[a-z0-9-]+\.js$/;
const SAFE_SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

export function migrationsDir(kind: MigrationKind): string {
  return path.resolve(here, '../../migrations', kind);
}

const loaded = new Map<MigrationKind, Promise<Migration[]>>();

/** The migration files of one kind, in name (timestamp) order; loaded once per process. */
export function loadMigrations(kind: MigrationKind): Promise<Migration[]> {
  let pending = loaded.get(kind);
  if (!pending) {
    pending = (async () => {
      const dir = migrationsDir(kind);
      const files = readdirSync(dir)
        .filter((f) => FILE.test(f))
        .sort();
      const migrations: Migration[] = [];
      for (const file of files) {
        const module = (await import(pathToFileURL(path.join(dir, file)).href)) as Partial<Migration>;
        if (typeof module.up !== 'function') throw new Error(`${kind} migration ${file} exports no up()`);
        migrations.push({ name: file.replace(/\.(ts|js)$/, ''), up: module.up });
      }
      return migrations;
    })();
    loaded.set(kind, pending);
  }
  return pending;
}

/** The newest migration name, the version a fully migrated schema reports. */
export function latestVersion(migrations: Migration[]): string | null {
  return migrations.at(-1)?.name ?? null;
}

/**
 * Applies the pending migrations to `schema` in one transaction: all of them, or none. Concurrent
 * runs on the same schema queue behind an advisory lock. `upTo` limits the run to a known ledger
 * (restoring an archive made by an older version); `replace` drops the schema first, in the same
 * transaction (restoring over a tenant). `db` connects as the owner role; `grantTo`
 * names the application role, granted its privileges on every table before commit, whatever
 * was applied (db/roles.ts).
 */
export async function migrateSchema(
  db: Knex,
  schema: string,
  migrations: Migration[],
  options: {
    upTo?: ReadonlySet<string>;
    replace?: boolean;
    beforeCommit?: (tx: Knex.Transaction) => Promise<void>;
    grantTo?: string;
  } = {},
): Promise<MigrationOutcome> {
  if (!SAFE_SCHEMA.test(schema)) throw new Error(`Refusing to migrate unsafe schema name ${JSON.stringify(schema)}`);
  return db.transaction(async (tx) => {
    // One round trip: lock, schema, binding and ledger (the schema name was checked above).
    await tx.raw(`select pg_advisory_xact_lock(hashtext('migrate:${schema}'));
      ${options.replace ? `drop schema if exists ${schema} cascade;` : ''}
      create schema if not exists ${schema};
      select set_config('search_path', '${schema}', true);
      create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await tx('schema_migrations').select('name')).map((r: { name: string }) => r.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      if (options.upTo && !options.upTo.has(migration.name)) continue;
      await migration.up(tx);
      done.add(migration.name);
      applied.push(migration.name);
    }
    if (applied.length > 0) await tx('schema_migrations').insert(applied.map((name) => ({ name })));
    if (options.grantTo) await grantApplicationAccess(tx, schema, options.grantTo);
    await options.beforeCommit?.(tx);
    const version = migrations.filter((m) => done.has(m.name)).at(-1)?.name ?? null;
    return { applied, version };
  });
}

/**
 * The migrations of `kind` not yet applied to `schema`, read with the application role (which may
 * not migrate): a process without the owner role checks this instead of migrating.
 */
export async function pendingMigrations(db: Knex, schema: string, migrations: Migration[]): Promise<string[]> {
  if (!SAFE_SCHEMA.test(schema)) throw new Error(`Refusing unsafe schema name ${JSON.stringify(schema)}`);
  // From the catalog, which everyone may read: a ledger this role may not read counts as none.
  const readable = await db.raw<{ rows: { found: boolean }[] }>(
    `select exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where n.nspname = ? and c.relname = 'schema_migrations'
                       and has_schema_privilege(n.oid, 'USAGE') and has_table_privilege(c.oid, 'SELECT')) as found`,
    [schema],
  );
  if (!readable.rows[0]!.found) return migrations.map((m) => m.name);
  const rows: { name: string }[] = await db.withSchema(schema).table('schema_migrations').select('name');
  const done = new Set(rows.map((r) => r.name));
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}
