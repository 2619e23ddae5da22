/**
 * Binds a tenant to a unit of work. Every tenant-scoped query runs inside a transaction that sets
 * `search_path` to the tenant's schema with `set_config(..., true)`: transaction-local, so a pooled
 * connection never carries one tenant's binding into another tenant's request. The bound
 * transaction is also kept in AsyncLocalStorage so code deep in a request can reach it, and asking
 * for it outside a binding throws.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { clockSettings } from '../time/clock.js';
import type { TenantHandle } from './tenant-handle.js';

export interface TenantScope {
  tenant: TenantHandle;
  tx: Knex.Transaction;
}

const storage = new AsyncLocalStorage<TenantScope>();

export class UnboundTenantError extends Error {
  constructor() {
    super('No tenant is bound: tenant-scoped work must run inside inTenant()');
    this.name = 'UnboundTenantError';
  }
}

/** Writes the tenant's binding into an open transaction (one round trip). */
export async function bindTransaction(tx: Knex.Transaction, tenant: TenantHandle): Promise<void> {
  const clock = clockSettings(tenant.clock);
  await tx.raw(
    `select set_config('search_path', ?, true), set_config('app.tenant', ?, true),
            set_config('app.now', ?, true), set_config('app.clock_offset_ms', ?, true)`,
    [tenant.schema, tenant.slug, clock.now, clock.offsetMs],
  );
}

/** Runs `work` in one transaction bound to `tenant`; commits when it resolves, rolls back if it throws. */
export function inTenant<T>(tenant: TenantHandle, work: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
  return tenant.db.transaction(async (tx) => {
    await bindTransaction(tx, tenant);
    return storage.run({ tenant, tx }, () => work(tx));
  });
}

/** The tenant and transaction bound to the current async context; throws when none is. */
export function currentScope(): TenantScope {
  const scope = storage.getStore();
  if (!scope) throw new UnboundTenantError();
  return scope;
}
