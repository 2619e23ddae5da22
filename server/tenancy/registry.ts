/**
 * The tenant registry: `platform.tenants` in the primary database. Platform tables are always
 * schema-qualified; this module is the only one that reads or writes the registry.
 */
import type { Knex } from 'knex';
import { LruMap, registerTenantCache } from './tenant-caches.js';
import type { SandboxClass, TenantKind, TenantStatus } from './tenant-handle.js';

export type { SandboxClass, TenantKind };

export type MigrationState = 'pending' | 'ok' | 'failed';

/** A move under way: since when the tenant is read-only, and the placement it goes to ('primary' or a variable). */
export interface TenantMove {
  since: Date;
  to: string;
}

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
  kind: TenantKind;
  /** How far a sandbox's clock runs ahead of the real one; always 0 for a partner (a CHECK says so). */
  clockOffsetMs: number;
  /** A sandbox's class; null for a partner. */
  sandbox: SandboxClass | null;
  /** Set while the tenant is being moved to another database: read-only, jobs deferred (tenancy/move.ts). */
  move: TenantMove | null;
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
  kind: TenantKind;
  clock_offset_ms: string;
  start_offset_ms: string;
  trainer_id: string | null;
  trainees: number | null;
  scenario: string | null;
  languages: string[] | null;
  expires_at: Date | null;
  read_only_since: Date | null;
  moving_to: string | null;
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
  kind: r.kind,
  // bigint arrives as a string; an offset fits a double exactly (under 2^53 ms).
  clockOffsetMs: Number(r.clock_offset_ms),
  sandbox:
    r.kind === 'sandbox'
      ? {
          trainerId: r.trainer_id,
          trainees: r.trainees ?? 1,
          scenario: r.scenario,
          languages: r.languages,
          expiresAt: r.expires_at!,
        }
      : null,
  move: r.read_only_since ? { since: r.read_only_since, to: r.moving_to ?? 'primary' } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type NewTenantRecord = Pick<TenantRecord, 'slug' | 'schemaName' | 'placement' | 'templateSlug' | 'demoData'> & {
  /** Given for a sandbox; a partner has none. */
  sandbox?: SandboxClass;
};

export interface RegistryPatch {
  status?: TenantStatus;
  migrationVersion?: string | null;
  migrationState?: MigrationState;
  migrationError?: string | null;
  jobsPaused?: boolean;
  /** The database the tenant lives in: only a move changes it, with its data copied there first. */
  placement?: string | null;
  /** null ends a move's read-only window (tenancy/move.ts; `beginMove` starts one). */
  move?: null;
}

/**
 * Every request resolves its tenant, so lookups are kept: a change made in this process
 * (suspension, migration state) clears them at once; one made by another process (the CLI,
 * another app instance) is seen within a second. A lookup older than a second is still good while
 * the registry as a whole has not changed since it was read, which one query a second tells for
 * every tenant together: with hundreds of tenants, each visited less often than once a second,
 * a request does not pay for its own registry read.
 */
const FIND_CACHE_MS = 1000;

/**
 * What changes whenever a row is inserted, updated (every update sets updated_at) or deleted.
 */
const FINGERPRINT_SQL = `select count(*) || '/' || coalesce(sum(extract(epoch from updated_at)), 0) as fingerprint
  from platform.tenants`;

export function tenantRegistry(primary: Knex) {
  const table = () => primary.withSchema('platform').table<Row>('tenants');
  type Entry = { record: Promise<TenantRecord | undefined>; at: number; fingerprint: Promise<string> };
  const found = new LruMap<string, Entry>(10_000);
  registerTenantCache('registry lookups', () => found.size);
  let checked: { fingerprint: Promise<string>; at: number } | undefined;
  /** The registry's fingerprint, read at most once a second and shared by every lookup. */
  const fingerprint = (): Promise<string> => {
    if (checked && Date.now() - checked.at < FIND_CACHE_MS) return checked.fingerprint;
    const read = primary
      .raw<{ rows: { fingerprint: string }[] }>(FINGERPRINT_SQL)
      .then((result) => result.rows[0]!.fingerprint);
    const entry = { fingerprint: read, at: Date.now() };
    checked = entry;
    read.catch(() => checked === entry && (checked = undefined));
    return read;
  };
  const lookUp = (slug: string): Promise<TenantRecord | undefined> => {
    // The fingerprint first: a change that lands between the two reads makes the next one differ.
    const print = fingerprint();
    const record = print.then(() =>
      table()
        .where({ slug })
        .first()
        .then((row: Row | undefined) => (row ? toRecord(row) : undefined)),
    );
    const entry = { record, at: Date.now(), fingerprint: print };
    found.set(slug, entry);
    // A failed lookup is not kept: the next request asks again.
    record.catch(() => found.get(slug) === entry && found.delete(slug));
    return record;
  };
  /** Requests that arrive together share one lookup, so a spike costs one query, not one each. */
  const find = async (slug: string): Promise<TenantRecord | undefined> => {
    const cached = found.get(slug);
    if (!cached) return lookUp(slug);
    if (Date.now() - cached.at < FIND_CACHE_MS) return cached.record;
    const [then, now] = await Promise.all([cached.fingerprint.catch(() => undefined), fingerprint()]);
    return then === now && found.get(slug) === cached ? cached.record : lookUp(slug);
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
          ...(record.sandbox
            ? {
                kind: 'sandbox' as const,
                trainer_id: record.sandbox.trainerId,
                trainees: record.sandbox.trainees,
                scenario: record.sandbox.scenario,
                languages: record.sandbox.languages,
                expires_at: record.sandbox.expiresAt,
              }
            : {}),
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
      if (patch.placement !== undefined) row.placement = patch.placement;
      if (patch.move === null) Object.assign(row, { read_only_since: null, moving_to: null });
      found.delete(slug);
      const updated: Row[] = await table()
        .where({ slug })
        .update({ ...row, updated_at: primary.fn.now() as unknown as Date })
        .returning('*');
      found.delete(slug);
      return updated[0] ? toRecord(updated[0]) : undefined;
    },
    /**
     * Starts a move's read-only window; undefined when the tenant is unknown or already moving (two
     * operators moving one tenant at once: the second is refused by the statement's WHERE).
     */
    async beginMove(slug: string, to: string): Promise<TenantRecord | undefined> {
      found.delete(slug);
      const updated: Row[] = await table()
        .where({ slug })
        .whereNull('read_only_since')
        .update({
          read_only_since: primary.fn.now() as unknown as Date,
          moving_to: to,
          updated_at: primary.fn.now() as unknown as Date,
        })
        .returning('*');
      found.delete(slug);
      return updated[0] ? toRecord(updated[0]) : undefined;
    },
    /**
     * Sets a sandbox's clock offset, forward only: undefined when the tenant is not a sandbox or
     * its clock is already further ahead (the statement's WHERE and the table's CHECKs both say so).
     */
    async moveClock(slug: string, offsetMs: number): Promise<TenantRecord | undefined> {
      found.delete(slug);
      const updated: Row[] = await table()
        .where({ slug, kind: 'sandbox' })
        .andWhere('clock_offset_ms', '<=', offsetMs)
        .update({ clock_offset_ms: String(offsetMs), updated_at: primary.fn.now() as unknown as Date })
        .returning('*');
      found.delete(slug);
      return updated[0] ? toRecord(updated[0]) : undefined;
    },
    /**
     * Puts a sandbox's clock back where it stood at its start (the real time, or as far ahead as its
     * scenario's setup moved it): only its reset does, with the data of its start restored, so no
     * record is left dated in its future. Undefined when the tenant is not a sandbox.
     */
    async resetClock(slug: string): Promise<TenantRecord | undefined> {
      found.delete(slug);
      const updated: Row[] = await table()
        .where({ slug, kind: 'sandbox' })
        .update({
          clock_offset_ms: primary.ref('start_offset_ms') as unknown as string,
          updated_at: primary.fn.now() as unknown as Date,
        })
        .returning('*');
      found.delete(slug);
      return updated[0] ? toRecord(updated[0]) : undefined;
    },
    /** A sandbox's start, once its scenario is set up: a reset brings its clock back here. */
    async markStart(slug: string): Promise<void> {
      found.delete(slug);
      await table()
        .where({ slug, kind: 'sandbox' })
        .update({
          start_offset_ms: primary.ref('clock_offset_ms') as unknown as string,
          updated_at: primary.fn.now() as unknown as Date,
        });
      found.delete(slug);
    },
    /** Sandboxes past their expiry, for the expiry job. */
    async expiredSandboxes(at: Date): Promise<TenantRecord[]> {
      return (await table().where({ kind: 'sandbox' }).andWhere('expires_at', '<=', at).orderBy('slug')).map(toRecord);
    },
    async remove(slug: string): Promise<void> {
      found.delete(slug);
      await table().where({ slug }).delete();
    },
  };
}

export type TenantRegistry = ReturnType<typeof tenantRegistry>;
