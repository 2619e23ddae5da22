/**
 * One shared knex pool per PostgreSQL database: the primary one (platform registry and most
 * tenants) and any database a tenant's placement names (data sovereignty).
 *
 * Every new connection starts with `search_path = tenant_unbound`, a schema that never exists, so
 * a query that forgot to bind a tenant fails loudly instead of reading `public`. Tenant schemas are
 * bound per transaction only (see tenancy/tenant-context.ts).
 */
import knex, { type Knex } from 'knex';
import { BoundPgClient } from './bound-transactions.js';

export const UNBOUND_SEARCH_PATH = 'tenant_unbound';

export interface Databases {
  primary: Knex;
  /** The pool for a database URL, created on first use and shared afterwards. */
  forUrl(url: string): Knex;
  closeAll(): Promise<void>;
}

export function connect(url: string, poolMax: number): Knex {
  return knex({
    client: BoundPgClient as unknown as typeof Knex.Client,
    connection: { connectionString: url, options: `-c search_path=${UNBOUND_SEARCH_PATH}` },
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 15_000,
  });
}

export function openDatabases(primaryUrl: string, poolMax: number): Databases {
  const pools = new Map<string, Knex>();
  const primary = connect(primaryUrl, poolMax);
  pools.set(primaryUrl, primary);
  return {
    primary,
    forUrl(url) {
      let pool = pools.get(url);
      if (!pool) {
        pool = connect(url, poolMax);
        pools.set(url, pool);
      }
      return pool;
    },
    async closeAll() {
      await Promise.all([...pools.values()].map((p) => p.destroy()));
      pools.clear();
    },
  };
}
