/**
 * One shared knex pool per PostgreSQL database: the primary one (platform registry and most
 * tenants) and any database a tenant's placement names (data sovereignty).
 *
 * Every new connection starts with `search_path = tenant_unbound`, a schema that never exists, so
 * a query that forgot to bind a tenant fails loudly instead of reading `public`. Tenant schemas are
 * bound per transaction only (see tenancy/tenant-context.ts).
 */
import knex, { type Knex } from 'knex';
import type { Logger } from '../logger.js';
import { BoundPgClient } from './bound-transactions.js';

export const UNBOUND_SEARCH_PATH = 'tenant_unbound';

const CONNECT_FAILURE = /^(Acquire connection error|Connection Error):/;

export interface Databases {
  primary: Knex;
  /** The pool for a database URL, created on first use and shared afterwards. */
  forUrl(url: string): Knex;
  closeAll(): Promise<void>;
}

export interface PoolSettings {
  max: number;
  /**
   * How long work waits for a free connection before it gives up (default 15 s); a request that
   * gives up answers 503 with Retry-After (http/error-handler.ts).
   */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (a full pool, a deprecated call); the console otherwise. */
  logger?: Logger;
}

export function connect(url: string, settings: PoolSettings): Knex {
  const { logger } = settings;
  return knex({
    client: BoundPgClient as unknown as typeof Knex.Client,
    connection: { connectionString: url, options: `-c search_path=${UNBOUND_SEARCH_PATH}` },
    pool: { min: 0, max: settings.max, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: settings.acquireTimeoutMs ?? 15_000,
    // A failed query's error message (which gets logged) carries its SQL with $n placeholders, never
    // the values bound to them (token and password hashes, personal data). Without this knex would
    // fill a literal `?` left in the SQL (a jsonb operator) with a bound value.
    compileSqlOnError: false,
    ...(logger
      ? {
          log: {
            // A server that is down makes knex warn, with a stack, at every attempt; the request or
            // job that needed the connection reports it once (http/error-handler.ts, /readyz).
            warn: (message: string) =>
              CONNECT_FAILURE.test(message)
                ? logger.debug({ source: 'knex' }, message)
                : logger.warn({ source: 'knex' }, message),
            error: (message: string) => logger.error({ source: 'knex' }, message),
            deprecate: (method: string, alternative: string) =>
              logger.warn({ source: 'knex' }, `${method} is deprecated, use ${alternative}`),
            debug: () => {},
          },
        }
      : {}),
  });
}

export function openDatabases(primaryUrl: string, settings: PoolSettings): Databases {
  const pools = new Map<string, Knex>();
  const primary = connect(primaryUrl, settings);
  pools.set(primaryUrl, primary);
  return {
    primary,
    forUrl(url) {
      let pool = pools.get(url);
      if (!pool) {
        pool = connect(url, settings);
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
