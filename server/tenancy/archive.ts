/**
 * Portable tenant archives, without pg_dump: a .tar.gz holding `manifest.json` and one file per
 * table in PostgreSQL's COPY text format, read from one consistent snapshot. Restoring recreates
 * the schema through the same migrations (up to the archive's ledger), loads the rows in foreign
 * key order, sets the sequences, runs any newer migrations, and checks every table's row count and
 * SHA-256. Restoring into another database is how a tenant moves to its own country's server.
 *
 * The tenant's data keys travel in the archive as they are stored: wrapped by the key-encryption
 * key of the exporting platform's MASTER_KEY, so an archive alone opens no sealed bid. Restoring
 * re-wraps them under this platform's MASTER_KEY; keys wrapped under another master key (an
 * archive made before a rotation, or on another platform) need it given as MASTER_KEY_PREVIOUS,
 * or the restore is refused and nothing is left behind.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import { z } from 'zod';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { rawConnection } from '../db/raw-connection.js';
import { bindTransaction } from './tenant-context.js';
import { loadMigrations, migrateSchema } from './migrator.js';
import { ProvisioningError } from './provisioning.js';
import { parseSlug, schemaFor, type Slug } from './slug.js';
import type { TenantRecord } from './registry.js';
import type { Tenancy } from './tenancy.js';
import type { TenantHandle } from './tenant-handle.js';

const Manifest = z.object({
  format: z.literal('koneps-tenant-archive'),
  formatVersion: z.literal(1),
  slug: z.string(),
  exportedAt: z.string(),
  templateSlug: z.string().nullable(),
  demoData: z.boolean(),
  status: z.enum(['active', 'suspended']),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int(), sha256: z.string() })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
});
export type ArchiveManifest = z.infer<typeof Manifest>;

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Unexpected identifier ${JSON.stringify(name)} in tenant schema`);
  return name;
}

/** Tables of the bound schema, parents before children (foreign keys), the ledger left out. */
async function tablesInLoadOrder(tx: Knex.Transaction, schema: string): Promise<string[]> {
  const tables = (
    await tx.raw<{ rows: { name: string }[] }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ? and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations' order by 1`,
      [schema],
    )
  ).rows.map((r) => r.name);
  const edges = (
    await tx.raw<{ rows: { child: string; parent: string }[] }>(
      `select ch.relname as child, pa.relname as parent from pg_constraint k
       join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
       join pg_namespace n on n.oid = ch.relnamespace
       where k.contype = 'f' and n.nspname = ? and ch.oid <> pa.oid`,
      [schema],
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const e of edges) if (e.child === table) visit(e.parent);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

function hashing(hash: ReturnType<typeof createHash>, counter: { rows: number }) {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      for (const byte of chunk) if (byte === 10) counter.rows++;
      done(null, chunk);
    },
  });
}

export function tenantArchives(tenancy: Tenancy, keys: TenantKeys) {
  /** Writes a consistent snapshot of one tenant to `file` (.tar.gz). */
  async function exportTenant(handle: TenantHandle, file: string): Promise<ArchiveManifest> {
    const work = await mkdtemp(path.join(os.tmpdir(), 'tenant-export-'));
    try {
      await mkdir(path.join(work, 'data'));
      const record = await tenancy.registry.find(handle.slug);
      const manifest = await handle.db.transaction(
        async (tx) => {
          await bindTransaction(tx, handle);
          const connection = await rawConnection(tx);
          const migrations = (await tx('schema_migrations').orderBy('name').pluck('name')) as string[];
          const tables: ArchiveManifest['tables'] = [];
          for (const name of await tablesInLoadOrder(tx, handle.schema)) {
            const hash = createHash('sha256');
            const counter = { rows: 0 };
            await pipeline(
              connection.query(copyTo(`copy ${ident(name)} to stdout`)),
              hashing(hash, counter),
              createWriteStream(path.join(work, 'data', `${name}.copy`)),
            );
            tables.push({ name, rows: counter.rows, sha256: hash.digest('hex') });
          }
          const sequences = (
            await tx.raw<{ rows: { name: string }[] }>(
              `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = ? and c.relkind = 'S' order by 1`,
              [handle.schema],
            )
          ).rows;
          const values: ArchiveManifest['sequences'] = [];
          for (const { name } of sequences) {
            const row = (
              await tx.raw<{ rows: { last_value: string; is_called: boolean }[] }>(
                `select last_value::text, is_called from ${ident(name)}`,
              )
            ).rows[0]!;
            values.push({ name, lastValue: row.last_value, isCalled: row.is_called });
          }
          return {
            format: 'koneps-tenant-archive' as const,
            formatVersion: 1 as const,
            slug: handle.slug,
            exportedAt: new Date().toISOString(),
            templateSlug: record?.templateSlug ?? null,
            demoData: record?.demoData ?? false,
            status: handle.status === 'suspended' ? ('suspended' as const) : ('active' as const),
            migrations,
            tables,
            sequences: values,
          };
        },
        { isolationLevel: 'repeatable read', readOnly: true },
      );
      await writeFile(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
      await mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await tar.create({ gzip: true, file, cwd: work, portable: true }, ['manifest.json', 'data']);
      return manifest;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Unpacks an archive into `work` and checks its manifest against this version's migrations. */
  async function unpack(file: string, work: string): Promise<{ manifest: ArchiveManifest; slug: Slug }> {
    await tar.extract({ file, cwd: work, strict: true });
    const parsed = Manifest.safeParse(JSON.parse(await readFile(path.join(work, 'manifest.json'), 'utf8')));
    if (!parsed.success)
      throw new ProvisioningError(`${file}: not a tenant archive (${parsed.error.issues[0]?.message})`);
    const manifest = parsed.data;
    const slug = parseSlug(manifest.slug);
    if (!slug) throw new ProvisioningError(`${file}: invalid slug in manifest`);
    const known = new Set((await loadMigrations('tenant')).map((m) => m.name));
    const unknown = manifest.migrations.filter((m) => !known.has(m));
    if (unknown.length > 0) {
      throw new ProvisioningError(`${file}: made by a newer version (unknown migrations ${unknown.join(', ')})`);
    }
    return { manifest, slug };
  }

  /**
   * Recreates the schema of `handle` in the database of `placement` from an unpacked archive: the
   * migrations of its ledger, its rows (checked), then any newer migrations. All or nothing.
   */
  async function loadSchema(
    handle: TenantHandle,
    placement: string | null,
    work: string,
    manifest: ArchiveManifest,
    replace: boolean,
  ): Promise<string | null> {
    const migrations = await loadMigrations('tenant');
    // Restoring recreates a schema: the owner role's work.
    const { db, grantTo } = await tenancy.migrationTarget(placement);
    await migrateSchema(db, handle.schema, migrations, {
      grantTo,
      upTo: new Set(manifest.migrations),
      replace,
      beforeCommit: async (tx) => {
        await bindTransaction(tx, handle);
        await loadRows(tx, work, manifest);
        if (manifest.tables.some((t) => t.name === 'data_keys')) await keys.rewrapTenantKeys(tx, handle.slug);
      },
    });
    const outcome = await migrateSchema(db, handle.schema, migrations, {
      grantTo,
      beforeCommit: async (tx) => {
        await bindTransaction(tx, handle);
        // An archive from before data keys existed: its values were sealed with the derived key.
        await keys.ensureTenantKey(tx, handle.slug, 'derived');
      },
    });
    return outcome.version;
  }

  /**
   * Recreates the archived tenant in this platform (optionally in the database `placement`
   * names). Refuses when the slug is already registered here, unless `replace` is given:
   * `replace` restores over the tenant registered under the archive's slug, whose registry row is
   * kept as it is (kind, sandbox class, clock, placement, status; `placement` is then ignored)
   * while its schema is dropped and recreated from the archive in one transaction, so a failed
   * restore leaves the tenant as it was (a training sandbox's reset to its start).
   */
  async function restoreTenant(
    file: string,
    options: { placement?: string | null; replace?: boolean } = {},
  ): Promise<ArchiveManifest> {
    const work = await mkdtemp(path.join(os.tmpdir(), 'tenant-restore-'));
    try {
      const { manifest, slug } = await unpack(file, work);
      const existing = await tenancy.registry.findNow(slug);
      if (existing && !options.replace) {
        throw new ProvisioningError(`Tenant "${slug}" already exists here; drop it first or restore elsewhere`);
      }
      if (!existing && options.replace) throw new ProvisioningError(`No tenant "${slug}" to restore over`);
      const placement = existing ? existing.placement : (options.placement ?? null);
      tenancy.databaseFor(placement);
      tenancy.ownerDatabaseFor(placement);
      if (!existing) {
        await tenancy.registry.insert({
          slug,
          schemaName: schemaFor(slug),
          placement,
          templateSlug: manifest.templateSlug,
          demoData: manifest.demoData,
        });
      }
      try {
        const handle = tenancy.handleFor((await tenancy.registry.findNow(slug))!);
        if (!handle) throw new ProvisioningError(`Tenant "${slug}" has no config here (tenants/${slug}.yaml)`);
        const version = await loadSchema(handle, placement, work, manifest, Boolean(existing));
        await tenancy.registry.update(slug, {
          ...(existing ? {} : { status: manifest.status }),
          migrationVersion: version,
          migrationState: 'ok',
          migrationError: null,
        });
      } catch (error) {
        if (!existing) await tenancy.registry.remove(slug);
        throw error;
      }
      return manifest;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Restores the archive of a registered tenant into the database of `placement`, beside the
   * schema it is served from: the registry is left alone (a move switches it once the copy is
   * checked). Refused when that database already holds the tenant's schema; returns a handle on
   * the copy.
   */
  async function restoreCopy(file: string, record: TenantRecord, placement: string | null): Promise<TenantHandle> {
    const work = await mkdtemp(path.join(os.tmpdir(), 'tenant-copy-'));
    try {
      const { manifest, slug } = await unpack(file, work);
      if (slug !== record.slug) throw new ProvisioningError(`${file} holds tenant "${slug}", not "${record.slug}"`);
      // The copy is written while the tenant is read-only: its handle there carries no window.
      const handle = tenancy.handleFor({ ...record, placement, move: null });
      if (!handle) throw new ProvisioningError(`Tenant "${slug}" has no config here (tenants/${slug}.yaml)`);
      const owner = tenancy.ownerDatabaseFor(placement);
      const there = await owner.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [
        handle.schema,
      ]);
      if (there.rows.length > 0) {
        throw new ProvisioningError(
          `The target database already holds schema ${handle.schema}; nothing was copied (remove it if it is a leftover)`,
        );
      }
      await loadSchema(handle, placement, work, manifest, false);
      return handle;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async function loadRows(tx: Knex.Transaction, work: string, manifest: ArchiveManifest): Promise<void> {
    const connection = await rawConnection(tx);
    for (const table of manifest.tables) {
      const source = path.join(work, 'data', `${ident(table.name)}.copy`);
      const hash = createHash('sha256');
      const counter = { rows: 0 };
      await pipeline(
        createReadStream(source),
        hashing(hash, counter),
        connection.query(copyFrom(`copy ${ident(table.name)} from stdin`)),
      );
      if (hash.digest('hex') !== table.sha256 || counter.rows !== table.rows) {
        throw new ProvisioningError(`Archive table ${table.name} is damaged (checksum mismatch)`);
      }
    }
    for (const sequence of manifest.sequences) {
      await tx.raw('select setval(?::regclass, ?::bigint, ?)', [
        ident(sequence.name),
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }
  }

  return { exportTenant, restoreTenant, restoreCopy };
}
