/**
 * Tenant lifecycle: create (schema + migrations + seed, in one transaction), migrate all tenants
 * with bounded parallelism, suspend/resume, drop (after an export). Schema work runs as the owner
 * role, which then grants the application role its rows (db/roles.ts).
 */
import type { Knex } from 'knex';
import pLimit from 'p-limit';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { bindTransaction } from './tenant-context.js';
import { latestVersion, loadMigrations, migrateSchema } from './migrator.js';
import type { SandboxClass, TenantRecord } from './registry.js';
import { seedTenant } from './seed.js';
import { parseSlug, schemaFor, SLUG_PATTERN, type Slug } from './slug.js';
import type { Tenancy } from './tenancy.js';
import type { TenantHandle } from './tenant-handle.js';

export class ProvisioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

export interface CreateOptions {
  /** Create from another tenant's config (a template) when there is no tenants/<slug>.yaml. */
  from?: string;
  demo: boolean;
  /** A training sandbox's class (its template is `from`). */
  sandbox?: SandboxClass;
  /** More seed, in the same transaction (a sandbox's trainees). */
  seedMore?: (tx: Knex.Transaction, tenant: TenantHandle) => Promise<void>;
}

export interface MigrateResult {
  slug: string;
  ok: boolean;
  applied: string[];
  version: string | null;
  error?: string;
}

function slugOrFail(raw: string): Slug {
  const slug = parseSlug(raw);
  if (!slug) throw new ProvisioningError(`"${raw}" is not a valid tenant slug (${SLUG_PATTERN})`);
  return slug;
}

/** The database's own message: knex prefixes it with the whole failing SQL text. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const own =
    (error as { code?: unknown }).code && message.includes(' - ')
      ? message.slice(message.lastIndexOf(' - ') + 3)
      : message;
  return own.trim().split('\n')[0] ?? 'unknown error';
}

export function provisioning(tenancy: Tenancy, keys: TenantKeys) {
  const { registry } = tenancy;

  function requireOwner(): void {
    if (!tenancy.canProvision) {
      throw new ProvisioningError(
        'DATABASE_OWNER_URL is not set: migrations and provisioning run as the owner role (see README, "Database roles")',
      );
    }
  }

  function handleOrFail(record: TenantRecord): TenantHandle {
    const handle = tenancy.handleFor(record);
    if (!handle)
      throw new ProvisioningError(`Tenant "${record.slug}" has no config file (tenants/${record.slug}.yaml)`);
    return handle;
  }

  /** Migrates one tenant in its own transaction and records the outcome in the registry. */
  async function migrateTenant(
    record: TenantRecord,
    seed?: Pick<CreateOptions, 'demo' | 'seedMore'>,
  ): Promise<MigrateResult & { record?: TenantRecord }> {
    try {
      const handle = handleOrFail(record);
      const migrations = await loadMigrations('tenant');
      const { db, grantTo } = await tenancy.migrationTarget(record.placement);
      const outcome = await migrateSchema(db, handle.schema, migrations, {
        grantTo,
        beforeCommit: async (tx) => {
          await bindTransaction(tx, handle);
          if (seed) {
            await seedTenant(tx, handle, seed.demo, keys);
            await seed.seedMore?.(tx, handle);
          }
          // A tenant made before data keys existed keeps the key its values were sealed with.
          else await keys.ensureTenantKey(tx, handle.slug, 'derived');
        },
      });
      const updated = await registry.update(record.slug, {
        migrationVersion: outcome.version,
        migrationState: 'ok',
        migrationError: null,
        ...(seed ? { status: 'active' as const } : {}),
      });
      return { slug: record.slug, ok: true, applied: outcome.applied, version: outcome.version, record: updated };
    } catch (error) {
      await registry.update(record.slug, { migrationState: 'failed', migrationError: firstLine(error) });
      return { slug: record.slug, ok: false, applied: [], version: record.migrationVersion, error: firstLine(error) };
    }
  }

  return {
    /**
     * Creates a tenant: registry row, schema, all migrations and seed. Re-running after a failure
     * resumes; running it for an existing tenant changes nothing and says so.
     */
    async create(rawSlug: string, options: CreateOptions): Promise<TenantRecord> {
      requireOwner();
      const slug = slugOrFail(rawSlug);
      const template = options.from ? slugOrFail(options.from) : null;
      const config = tenancy.configFor(slug, template, options.sandbox?.languages);
      if (!config) {
        throw new ProvisioningError(
          template
            ? `Template "${template}" has no config file (tenants/${template}.yaml)`
            : `No tenants/${slug}.yaml: write one, or create from a template with --from <slug>`,
        );
      }
      const existing = await registry.findNow(slug);
      if (existing && existing.status !== 'provisioning') {
        throw new ProvisioningError(
          `Tenant "${slug}" already exists (${existing.status}, version ${existing.migrationVersion ?? 'none'}); nothing changed`,
        );
      }
      let record = existing;
      if (!record) {
        tenancy.databaseFor(config.placement?.databaseUrlEnv ?? null);
        tenancy.ownerDatabaseFor(config.placement?.databaseUrlEnv ?? null);
        record = await registry.insert({
          slug,
          schemaName: schemaFor(slug),
          placement: config.placement?.databaseUrlEnv ?? null,
          templateSlug: tenancy.configs.get(slug) ? null : template,
          demoData: options.demo,
          ...(options.sandbox ? { sandbox: options.sandbox } : {}),
        });
        // Another operator registered it at the same moment: report it as existing.
        if (!record) throw new ProvisioningError(`Tenant "${slug}" already exists; nothing changed`);
      }
      const result = await migrateTenant(record, { demo: record.demoData, seedMore: options.seedMore });
      if (!result.ok || !result.record) {
        throw new ProvisioningError(`Tenant "${slug}" could not be provisioned: ${result.error}`);
      }
      return result.record;
    },

    /** Migrates every registered tenant, `concurrency` at a time; one failure never stops the others. */
    async migrateAll(options: { concurrency?: number; onResult?: (r: MigrateResult) => void } = {}) {
      requireOwner();
      const limit = pLimit(options.concurrency ?? 4);
      const records = (await registry.list()).filter((r) => r.status !== 'provisioning');
      return Promise.all(
        records.map((record) =>
          limit(async () => {
            const { slug, ok, applied, version, error } = await migrateTenant(record);
            const result: MigrateResult =
              error === undefined ? { slug, ok, applied, version } : { slug, ok, applied, version, error };
            options.onResult?.(result);
            return result;
          }),
        ),
      );
    },

    async latest(): Promise<string | null> {
      return latestVersion(await loadMigrations('tenant'));
    },

    async setStatus(rawSlug: string, status: 'active' | 'suspended'): Promise<TenantRecord> {
      const slug = slugOrFail(rawSlug);
      const record = await registry.find(slug);
      if (!record) throw new ProvisioningError(`No tenant "${slug}"`);
      if (record.status === 'provisioning' || record.status === 'archived') {
        throw new ProvisioningError(
          `Tenant "${slug}" is ${record.status}; it cannot be ${status === 'active' ? 'resumed' : 'suspended'}`,
        );
      }
      return (await registry.update(slug, { status }))!;
    },

    /** Removes a tenant's schema and registry row. The caller exports it first. */
    async drop(rawSlug: string): Promise<void> {
      requireOwner();
      const slug = slugOrFail(rawSlug);
      const record = await registry.find(slug);
      if (!record) throw new ProvisioningError(`No tenant "${slug}"`);
      const db = tenancy.ownerDatabaseFor(record.placement);
      await db.raw(`drop schema if exists ${schemaFor(slug)} cascade`);
      await registry.remove(slug);
    },
  };
}

export type Provisioning = ReturnType<typeof provisioning>;
