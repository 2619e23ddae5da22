/**
 * Binds a tenant to a unit of work. Every tenant-scoped query runs inside a transaction that sets
 * `search_path` to the tenant's schema with `set_config(..., true)`: transaction-local, so a pooled
 * connection never carries one tenant's binding into another tenant's request. The bound
 * transaction is passed explicitly to the code that needs it (no ambient scope): a query outside
 * it finds only the empty `tenant_unbound` schema and fails.
 */
import type { Knex } from 'knex';
import pg from 'pg';
import type { BoundTransactionConfig } from '../db/bound-transactions.js';
import { clockSettings } from '../time/clock.js';
import type { TenantHandle } from './tenant-handle.js';

/**
 * The statement that binds a transaction to `tenant`. Its values are written as escaped literals so
 * that it can travel in one message with BEGIN (the simple protocol takes no parameters); they come
 * from the registry and the clock, never from a request.
 */
export function bindingSql(tenant: TenantHandle): string {
  const clock = clockSettings(tenant.clock);
  const setting = (name: string, value: string) => `set_config('${name}', ${pg.escapeLiteral(value)}, true)`;
  // A tenant being moved to another server is read-only (tenancy/move.ts): a write that slipped past
  // the check at the door (a page's side effect, a job) is refused, never stored in the copy left
  // behind; one that meets the move's lock on the tables gives up after two seconds, not the move's.
  const readOnly = tenant.moving ? `, ${setting('transaction_read_only', 'on')}, ${setting('lock_timeout', '2s')}` : '';
  return `select ${setting('search_path', tenant.schema)}, ${setting('app.tenant', tenant.slug)}, ${setting(
    'app.now',
    clock.now,
  )}, ${setting('app.clock_offset_ms', clock.offsetMs)}${readOnly}`;
}

/** Writes the tenant's binding into an open transaction (one round trip). */
export async function bindTransaction(tx: Knex.Transaction, tenant: TenantHandle): Promise<void> {
  await tx.raw(bindingSql(tenant));
}

/**
 * Runs `work` in one transaction bound to `tenant`; commits when it resolves, rolls back if it
 * throws. The binding is sent with BEGIN, in the same round trip.
 */
export function inTenant<T>(tenant: TenantHandle, work: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
  return runBound(tenant, { prelude: bindingSql(tenant) }, work);
}

/**
 * inTenant, with reads sent in the same message as BEGIN and the binding, in order, after it: one
 * round trip for all of them, for the paths that must stay fast under a deadline spike. `work`
 * gets each read's rows. The simple protocol has no parameters: every value in `reads` must be a
 * literal escaped with `pg.escapeLiteral`, and no read may contain `?` (knex's placeholder).
 */
export function inTenantReading<T>(
  tenant: TenantHandle,
  reads: string[],
  work: (tx: Knex.Transaction, rows: unknown[][]) => Promise<T>,
): Promise<T> {
  let rows: unknown[][] = [];
  const config: BoundTransactionConfig = {
    prelude: [bindingSql(tenant), ...reads].join('; '),
    // BEGIN's result and the binding's come first.
    begun: (results) => (rows = results.slice(2).map((r) => r.rows)),
  };
  return runBound(tenant, config, (tx) => work(tx, rows));
}

async function runBound<T>(
  tenant: TenantHandle,
  config: BoundTransactionConfig,
  work: (tx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  let bound: Knex.Transaction | undefined;
  try {
    return await tenant.db.transaction((tx) => {
      bound = tx;
      afterward.set(tx, []);
      return work(tx);
    }, config);
  } finally {
    for (const task of (bound && afterward.get(bound)) ?? []) await task();
  }
}

const afterward = new WeakMap<Knex.Transaction, (() => Promise<unknown>)[]>();

/**
 * Runs `task` once `tx` has ended, committed or rolled back, and given its connection back, before
 * inTenant returns or throws: for records that must outlive a rollback they explain (a refused
 * attempt to unseal bids). Opening a second transaction while `tx` still holds its connection
 * could exhaust the pool, every holder waiting for a connection that only another holder can free.
 */
export function afterTransaction(tx: Knex.Transaction, task: () => Promise<unknown>): void {
  const tasks = afterward.get(tx);
  if (!tasks) throw new Error('afterTransaction needs a transaction opened by inTenant');
  tasks.push(task);
}

/**
 * A read bound to `tenant` in a single round trip, for the hottest lookups (every API request
 * authenticates). The binding and the `select` travel as one simple-protocol message, which
 * PostgreSQL runs as one implicit transaction, so the transaction-local binding holds for exactly
 * this read. The simple protocol has no parameters: `select` must carry its values as literals
 * escaped with `pg.escapeLiteral`, and no `?` (knex would take it for a placeholder).
 */
export async function readInTenant<Row>(tenant: TenantHandle, select: string): Promise<Row[]> {
  const results = (await tenant.db.raw(`${bindingSql(tenant)}; ${select}`)) as unknown as [unknown, { rows: Row[] }];
  return results[1].rows;
}
