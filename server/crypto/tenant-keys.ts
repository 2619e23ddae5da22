/**
 * Tenant keys. Each tenant (and the platform's staff, scope `_platform`) has data keys: 32 random
 * bytes, stored only wrapped by the key-encryption key derived from MASTER_KEY (master-key.ts),
 * in its own schema's `data_keys` table, so a database dump or backup alone opens nothing, and
 * a tenant archive carries its keys (still wrapped) with its data. Rotating MASTER_KEY re-wraps
 * these rows and nothing else.
 *
 * Every key a feature uses is expanded from a data key with HKDF and a purpose label: values are
 * sealed with AES-256-GCM under a purpose key (the tenant slug and the purpose bound in as
 * associated data, so a ciphertext cannot be moved between tenants or uses), and the Ed25519 key
 * pairs a tenant signs with take their seed the same way. A sealed value names the data key
 * version that sealed it (`v<version>.…`); a signature carries the key id of its public key, and
 * every version's public key stays published.
 *
 * A tenant created before data keys existed has as its version 1 the key its values were sealed
 * with all along (HKDF-Extract of MASTER_KEY with its slug), so nothing was re-encrypted.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { inTenant } from '../tenancy/tenant-context.js';
import { LruMap, registerTenantCache } from '../tenancy/tenant-caches.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { Keyring } from './keyring.js';
import { KeyEncryptionKey, legacyTenantKey } from './master-key.js';

/** A row of `data_keys` (tenant schema) or `platform.data_keys`. */
export interface DataKeyRow {
  version: number;
  /** `random` for keys made as such; `derived` for a first key kept from before data keys existed. */
  origin: 'random' | 'derived';
  kek_id: string;
  wrapped: string;
  created_at: Date;
  rewrapped_at: Date | null;
}

export interface MasterKeys {
  current: Buffer;
  /** During a rotation: the master key being replaced, so keys it wrapped still open. */
  previous?: Buffer;
}

/** A data key that cannot be opened with the master keys this process holds. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

type KeyTable = () => Knex.QueryBuilder<DataKeyRow, DataKeyRow[]>;

const tenantTable =
  (tx: Knex.Transaction): KeyTable =>
  () =>
    tx<DataKeyRow>('data_keys');
const platformTable =
  (db: Knex): KeyTable =>
  () =>
    db<DataKeyRow>('data_keys').withSchema('platform');

/** What a re-wrap did to one scope's keys. */
export interface RewrapOutcome {
  versions: number[];
  /** The KEK ids the re-wrapped keys were under before. */
  from: string[];
  to: string;
}

export class TenantKeys {
  private readonly kek: KeyEncryptionKey;
  private readonly previousKek?: KeyEncryptionKey;
  /** Opened data keys by scope, version and wrapped value: a row re-wrapped or replaced is opened again. */
  private readonly opened = new LruMap<string, Buffer>(10_000);

  constructor(private readonly master: MasterKeys) {
    if (master.current.length !== 32) throw new Error('MASTER_KEY must be 32 bytes');
    this.kek = new KeyEncryptionKey(master.current);
    if (master.previous) this.previousKek = new KeyEncryptionKey(master.previous);
    registerTenantCache('data keys', () => this.opened.size);
  }

  /** The id of the KEK that MASTER_KEY gives: what every key is wrapped under after a rotation. */
  get currentKekId(): string {
    return this.kek.id;
  }

  get previousKekId(): string | undefined {
    return this.previousKek?.id;
  }

  private kekFor(scope: string, row: Pick<DataKeyRow, 'version' | 'kek_id'>): KeyEncryptionKey {
    if (row.kek_id === this.kek.id) return this.kek;
    if (row.kek_id === this.previousKek?.id) return this.previousKek;
    throw new MasterKeyError(
      `Data key v${row.version} of ${scope} is wrapped under master key ${row.kek_id}, which is neither MASTER_KEY (${this.kek.id})` +
        (this.previousKek ? ` nor MASTER_KEY_PREVIOUS (${this.previousKek.id})` : '') +
        '; set MASTER_KEY_PREVIOUS to the master key it was made with',
    );
  }

  private unwrap(scope: string, row: DataKeyRow): Buffer {
    const id = `${scope}/${row.version}/${row.kek_id}/${row.wrapped}`;
    let key = this.opened.get(id);
    if (!key) {
      key = this.kekFor(scope, row).unwrap(row.wrapped, `${scope}/data-key/${row.version}`);
      this.opened.set(id, key);
    }
    return key;
  }

  private async keyring(scope: string, table: KeyTable): Promise<Keyring> {
    const rows: DataKeyRow[] = await table().select('*');
    if (rows.length === 0) throw new MasterKeyError(`${scope} has no data key yet: run \`npm run tenants -- migrate\``);
    return new Keyring(scope, new Map(rows.map((row) => [row.version, this.unwrap(scope, row)])));
  }

  /** The keyring of the tenant `tx` is bound to. */
  forTenant(tx: Knex.Transaction, slug: string): Promise<Keyring> {
    return this.keyring(slug, tenantTable(tx));
  }

  /** The keyring of a tenant, read in a transaction of its own (for work outside one). */
  ofTenant(tenant: TenantHandle): Promise<Keyring> {
    return inTenant(tenant, (tx) => this.forTenant(tx, tenant.slug));
  }

  /** The keyring of platform-wide secrets (staff second factors). */
  forPlatform(db: Knex, scope: string): Promise<Keyring> {
    return this.keyring(scope, platformTable(db));
  }

  /**
   * Gives a scope its first data key if it has none: a random one for a new tenant, or, for one
   * made before data keys existed (`derived`), the key its values were sealed with, from the
   * master key of that time (MASTER_KEY_PREVIOUS during a rotation, MASTER_KEY otherwise).
   * Idempotent; concurrent callers agree on one row.
   */
  private async ensure(scope: string, table: KeyTable, origin: DataKeyRow['origin']): Promise<void> {
    if (await table().first('version')) return;
    const key =
      origin === 'random' ? randomBytes(32) : legacyTenantKey(this.master.previous ?? this.master.current, scope);
    await table()
      .insert({
        version: 1,
        origin,
        kek_id: this.kek.id,
        wrapped: this.kek.wrap(key, `${scope}/data-key/1`),
      })
      .onConflict('version')
      .ignore();
  }

  ensureTenantKey(tx: Knex.Transaction, slug: string, origin: DataKeyRow['origin']): Promise<void> {
    return this.ensure(slug, tenantTable(tx), origin);
  }

  ensurePlatformKey(db: Knex, scope: string, origin: DataKeyRow['origin']): Promise<void> {
    return this.ensure(scope, platformTable(db), origin);
  }

  /**
   * Adds a new random data key version to the tenant `tx` is bound to: from then on values are
   * sealed and signed with it, while the earlier versions still open and verify what they made.
   */
  async addTenantKey(tx: Knex.Transaction, slug: string): Promise<number> {
    const table = tenantTable(tx);
    // One new version at a time: concurrent additions wait here rather than collide.
    await tx.raw('lock table data_keys in share row exclusive mode');
    const latest = await table().max<{ max: number | null }>('version as max').first();
    const version = (latest?.max ?? 0) + 1;
    await table().insert({
      version,
      origin: 'random',
      kek_id: this.kek.id,
      wrapped: this.kek.wrap(randomBytes(32), `${slug}/data-key/${version}`),
    });
    return version;
  }

  /**
   * Re-wraps under MASTER_KEY every data key of a scope still wrapped under another master key;
   * the data keys themselves, and so everything sealed with them, stay as they are. Locks the
   * rows: the caller's transaction holds the change (and its audit entry) all or nothing.
   */
  private async rewrap(scope: string, table: KeyTable): Promise<RewrapOutcome> {
    const stale: DataKeyRow[] = await table().whereNot({ kek_id: this.kek.id }).orderBy('version').forUpdate();
    for (const row of stale) {
      const key = this.unwrap(scope, row);
      await table()
        .where({ version: row.version })
        .update({
          kek_id: this.kek.id,
          wrapped: this.kek.wrap(key, `${scope}/data-key/${row.version}`),
          rewrapped_at: new Date(),
        });
    }
    return { versions: stale.map((r) => r.version), from: [...new Set(stale.map((r) => r.kek_id))], to: this.kek.id };
  }

  rewrapTenantKeys(tx: Knex.Transaction, slug: string): Promise<RewrapOutcome> {
    return this.rewrap(slug, tenantTable(tx));
  }

  rewrapPlatformKeys(db: Knex, scope: string): Promise<RewrapOutcome> {
    return this.rewrap(scope, platformTable(db));
  }
}
