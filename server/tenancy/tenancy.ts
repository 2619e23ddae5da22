/**
 * Turns registry records into tenant handles: the tenant's config (its own file, or its template's
 * for a tenant created `--from` one), its database pool (placement) and its clock. Handles carry the
 * application role's pools; provisioning asks for the owner role's (`ownerDatabaseFor`).
 */
import type { Knex } from 'knex';
import { ownerVariableFor } from '../config.js';
import type { Databases } from '../db/databases.js';
import { granteeFor } from '../db/roles.js';
import type { Clock, ClockSource } from '../time/clock.js';
import type { TenantConfig } from './config-schema.js';
import type { TenantConfigs } from './configs.js';
import { tenantRegistry, type TenantRecord, type TenantRegistry } from './registry.js';
import { assertSlug, parseSlug, type Slug } from './slug.js';
import { LruMap, registerTenantCache } from './tenant-caches.js';
import type { TenantHandle } from './tenant-handle.js';

/**
 * A sandbox taught in some of its template's languages: those, in the template's order, the first
 * of them the default unless the template's default is among them.
 */
function taught(template: TenantConfig, languages: readonly string[] | null | undefined): TenantConfig['locales'] {
  const { locales } = template;
  const kept = languages ? locales.supported.filter((lng) => languages.includes(lng)) : [];
  if (kept.length === 0) return locales;
  return { ...locales, supported: kept, default: kept.includes(locales.default) ? locales.default : kept[0]! };
}

export class PlacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlacementError';
  }
}

export interface TenancyDeps {
  databases: Databases;
  configs: TenantConfigs;
  clocks: ClockSource;
  placementUrls: ReadonlyMap<string, string>;
  /**
   * The owner role's pools (DATABASE_OWNER_URL and each placement's …_DATABASE_OWNER_URL), for
   * migrations and provisioning. Absent in a process given only the application role.
   */
  owner?: { databases: Databases; placementUrls: ReadonlyMap<string, string> };
}

export class Tenancy {
  readonly registry: TenantRegistry;
  /**
   * The configs made from templates, by slug and template: one object per tenant for the life of
   * the process (configs are read once, at boot), not a new one per request, so that what is
   * cached per config (the OpenAPI document) is found again.
   */
  private readonly fromTemplates = new LruMap<string, TenantConfig>(10_000);

  constructor(private readonly deps: TenancyDeps) {
    this.registry = tenantRegistry(deps.databases.primary);
    registerTenantCache('configs from templates', () => this.fromTemplates.size);
  }

  get configs(): TenantConfigs {
    return this.deps.configs;
  }

  /** The pool for a placement: the primary database, or the one an environment variable names. */
  databaseFor(placement: string | null): Knex {
    if (!placement) return this.deps.databases.primary;
    const url = this.deps.placementUrls.get(placement);
    if (!url) throw new PlacementError(`${placement} is not set: the tenant placed there cannot be reached`);
    return this.deps.databases.forUrl(url);
  }

  /** Whether this process may migrate and provision (it was given the owner role). */
  get canProvision(): boolean {
    return this.deps.owner !== undefined;
  }

  /** The owner role's pool for a placement: migrations, schema creation and removal, restores. */
  ownerDatabaseFor(placement: string | null): Knex {
    const owner = this.deps.owner;
    if (!owner) {
      throw new PlacementError('DATABASE_OWNER_URL is not set: only the owner role may migrate or provision tenants');
    }
    if (!placement) return owner.databases.primary;
    const url = owner.placementUrls.get(placement);
    if (!url) {
      throw new PlacementError(
        `${ownerVariableFor(placement)} is not set: the owner role of ${placement}'s database is needed to migrate or provision there`,
      );
    }
    return owner.databases.forUrl(url);
  }

  /**
   * The owner pool of a placement and the application role to grant to there (undefined when
   * both URLs name the same role).
   */
  async migrationTarget(placement: string | null): Promise<{ db: Knex; grantTo: string | undefined }> {
    const db = this.ownerDatabaseFor(placement);
    return { db, grantTo: await granteeFor(db, this.databaseFor(placement)) };
  }

  /**
   * A config for a tenant: its own file, or its template's renamed to it. A tenant made from a
   * template (a training sandbox) keeps the template's name in each language, followed by its slug,
   * so a delegation reads it in its own language and tells it apart from the real portal.
   */
  configFor(slug: Slug, templateSlug: string | null, languages?: readonly string[] | null): TenantConfig | undefined {
    const own = this.deps.configs.get(slug);
    if (own) return own;
    if (!templateSlug) return undefined;
    const key = `${slug}/${templateSlug}/${languages?.join(',') ?? ''}`;
    const made = this.fromTemplates.get(key);
    if (made) return made;
    const template = this.deps.configs.get(assertSlug(templateSlug));
    if (!template) return undefined;
    const names = Object.fromEntries(Object.entries(template.names).map(([lng, name]) => [lng, `${name} (${slug})`]));
    const config = { ...template, slug, hosts: [], placement: undefined, names, locales: taught(template, languages) };
    this.fromTemplates.set(key, config);
    return config;
  }

  handleFor(record: TenantRecord): TenantHandle | undefined {
    const slug = assertSlug(record.slug);
    const config = this.configFor(slug, record.templateSlug, record.sandbox?.languages);
    if (!config) return undefined;
    return {
      slug,
      schema: record.schemaName,
      status: record.status,
      config,
      db: this.databaseFor(record.placement),
      clock: this.clockOf(record),
      kind: record.kind,
      ...(record.move ? { moving: record.move } : {}),
      ...(record.sandbox ? { sandbox: { ...record.sandbox, template: record.templateSlug } } : {}),
    };
  }

  /**
   * The clock a tenant runs on: a sandbox's is moved by its trainer (the offset is in the registry,
   * so every process follows it); a clock given by the process (tests) wins over both.
   */
  private clockOf(record: TenantRecord): Clock {
    const given = this.deps.clocks(record.slug);
    if (given.kind !== 'database' || record.clockOffsetMs === 0) return given;
    return { kind: 'offset', ms: record.clockOffsetMs };
  }

  /**
   * Handles of the tenants that background work should visit (active or suspended), skipping any
   * that cannot be reached now (a placement variable missing, a config gone) rather than failing,
   * and any being moved (its data is being copied: the sweeps visit it again after the move).
   */
  async operatingTenants(onSkip?: (slug: string, reason: string) => void): Promise<TenantHandle[]> {
    const handles: TenantHandle[] = [];
    for (const record of await this.registry.list()) {
      if (record.status !== 'active' && record.status !== 'suspended') continue;
      if (record.move) {
        onSkip?.(record.slug, `being moved to ${record.move.to}`);
        continue;
      }
      try {
        const handle = this.handleFor(record);
        if (handle) handles.push(handle);
        else onSkip?.(record.slug, 'no config');
      } catch (error) {
        onSkip?.(record.slug, (error as Error).message);
      }
    }
    return handles;
  }

  /** Resolves a slug from a URL or a host: undefined for malformed, unknown or config-less tenants. */
  async resolve(raw: string): Promise<TenantHandle | undefined> {
    const slug = parseSlug(raw);
    if (!slug) return undefined;
    const record = await this.registry.find(slug);
    return record ? this.handleFor(record) : undefined;
  }

  async resolveHost(host: string | undefined): Promise<TenantHandle | undefined> {
    if (!host) return undefined;
    const slug = this.deps.configs.slugForHost(host);
    return slug ? this.resolve(slug) : undefined;
  }
}
