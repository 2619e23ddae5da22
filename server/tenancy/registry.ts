/**
 * The tenant registry: `platform.tenants` in the primary database. Platform tables are always
 * schema-qualified; this module is the only one that reads or writes the registry.
 */
import type { Knex } from 'knex';
import { LruMap, registerTenantCache } from './tenant-caches.js';
import type { TenantStatus } from './tenant-handle.js';

export type MigrationState = 'pending' | 'ok' | 'failed';

export interface TenantRecord {
  slug: string;
  schemaName: string;
  status: TenantStatus;
  /** Environment variable naming the tenant's own database; null = the primary database. */
  placement: string | null;
  /** Set when the tenant was created `--from` a template instead of its own config file. */
  templateSlug: string | null;
  migrationVersion: string | null;
  migrationState: MigrationState;
  migrationError: string | null;
  demoData: boolean;
  /** Background jobs deferred by an operator (the tenant stays online). */
  jobsPaused: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  slug: string;
  schema_name: string;
  status: TenantStatus;
  placement: string | null;
  template_slug: string | null;
  migration_version: string | null;
  migration_state: MigrationState;
  migration_error: string | null;
  demo_data: boolean;
  jobs_paused: boolean;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): TenantRecord => ({
  slug: r.slug,
  schemaName: r.schema_name,
  status: r.status,
  placement: r.placement,
  templateSlug: r.template_slug,
  migrationVersion: r.migration_version,
  migrationState: r.migration_state,
  migrationError: r.migration_error,
  demoData: r.demo_data,
  jobsPaused: r.jobs_paused,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type NewTenantRecord = Pick<TenantRecord, 'slug' | 'schemaName' | 'placement' | 'templateSlug' | 'demoData'>;

export interface RegistryPatch {
  status?: TenantStatus;
  migrationVersion?: string | null;
  migrationState?: MigrationState;
  migrationError?: string | null;
  jobsPaused?: boolean;
}

/**
 * Every request resolves its tenant, so lookups are kept for a second: a change made in this
 * process (suspension, migration state) clears them at once; one made by another process (the
 * CLI, another app instance) is seen within a second.
 */
const FIND_CACHE_MS = 1000;

export function tenantRegistry(primary: Knex) {
  const table = () => primary.withSchema('platform').table<Row>('tenants');
  const found = new LruMap<string, { record: Promise<TenantRecord | undefined>; at: number }>(10_000);
  registerTenantCache('registry lookups', () => found.size);
  /** Requests that arrive together share one lookup, so a spike costs one query, not one each. */
  const find = (slug: string): Promise<TenantRecord | undefined> => {
    const cached = found.get(slug);
    if (cached && Date.now() - cached.at < FIND_CACHE_MS) return cached.record;
    const record = table()
      .where({ slug })
      .first()
      .then((row: Row | undefined) => (row ? toRecord(row) : undefined));
    const entry = { record, at: Date.now() };
    found.set(slug, entry);
    // A failed lookup is not kept: the next request asks again.
    record.catch(() => found.get(slug) === entry && found.delete(slug));
    return record;
  };
  return {
    find,
    /** The record as the database holds it now: what provisioning decides on, never a cached lookup. */
    findNow(slug: string): Promise<TenantRecord | undefined> {
      found.delete(slug);
      return find(slug);
    },
    async list(): Promise<TenantRecord[]> {
      return (await table().orderBy('slug')).map(toRecord);
    },
    /** Inserts a provisioning record; returns undefined when the slug is already registered. */
    async insert(record: NewTenantRecord): Promise<TenantRecord | undefined> {
      found.delete(record.slug);
      const inserted: Row[] = await table()
        .insert({
          slug: record.slug,
          schema_name: record.schemaName,
          status: 'provisioning',
          placement: record.placement,
          template_slug: record.templateSlug,
          demo_data: record.demoData,
          migration_state: 'pending',
        })
        .onConflict('slug')
        .ignore()
        .returning('*');
      return inserted[0] ? toRecord(inserted[0]) : undefined;
    },
    async update(slug: string, patch: RegistryPatch): Promise<TenantRecord | undefined> {
      const row: Partial<Row> = {};
      if (patch.status !== undefined) row.status = patch.status;
      if (patch.migrationVersion !== undefined) row.migration_version = patch.migrationVersion;
      if (patch.migrationState !== undefined) row.migration_state = patch.migrationState;
      if (patch.migrationError !== undefined) row.migration_error = patch.migrationError;
      if (patch.jobsPaused !== undefined) row.jobs_paused = patch.jobsPaused;
      found.delete(slug);
      const updated: Row[] = await table()
        .where({ slug })
        .update({ ...row, updated_at: primary.fn.now() as unknown as Date })
        .returning('*');
      found.delete(slug);
      return updated[0] ? toRecord(updated[0]) : undefined;
    },
    async remove(slug: string): Promise<void> {
      found.delete(slug);
      await table().where({ slug }).delete();
    },
  };
}

export type TenantRegistry = ReturnType<typeof tenantRegistry>;
