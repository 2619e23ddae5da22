/**
 * The process's tenant-keyed caches: a bounded least-recently-used map for them, and their sizes
 * by name, so that what a process holds per tenant can be read (the tenants benchmark prints it).
 * A cache keyed by tenant must hold only what that tenant's key decides; test/e2e/tenant-caches
 * asks each of them for two tenants in turn.
 */

const sizes = new Map<string, () => number>();

/** Names a cache for tenantCacheSizes(); a later registration under the same name replaces it. */
export function registerTenantCache(name: string, size: () => number): void {
  sizes.set(name, size);
}

/** Entries in each registered cache now. */
export function tenantCacheSizes(): Record<string, number> {
  return Object.fromEntries([...sizes].map(([name, size]) => [name, size()]));
}

/**
 * A Map that keeps at most `max` entries, dropping the least recently read or written: a process
 * serving thousands of tenants keeps the ones in use, not all it has ever seen. Map iteration
 * follows insertion order, so reading an entry moves it to the end and the first is the oldest.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error('an LRU map holds at least one entry');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
