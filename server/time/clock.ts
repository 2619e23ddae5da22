/**
 * One clock per tenant, read by TypeScript and SQL alike. The database decides the time: inside a
 * tenant transaction `app_now()` (created by the first tenant migration) returns
 * - the fixed instant in `app.now`, when set (tests stand exactly one millisecond before a deadline);
 * - otherwise `clock_timestamp()` moved by `app.clock_offset_ms` (training sandboxes), default 0.
 * The settings are transaction-local, written by tenancy/tenant-context.ts from the tenant's Clock.
 */
import type { Knex } from 'knex';

export type Clock = { kind: 'database' } | { kind: 'fixed'; at: Date } | { kind: 'offset'; ms: number };

export const DATABASE_CLOCK: Clock = { kind: 'database' };

export function fixedClock(at: Date | string): Clock {
  return { kind: 'fixed', at: new Date(at) };
}

/** The values for the transaction-local settings `app.now` and `app.clock_offset_ms`. */
export function clockSettings(clock: Clock): { now: string; offsetMs: string } {
  switch (clock.kind) {
    case 'fixed':
      return { now: clock.at.toISOString(), offsetMs: '0' };
    case 'offset':
      return { now: '', offsetMs: String(Math.trunc(clock.ms)) };
    default:
      return { now: '', offsetMs: '0' };
  }
}

/** The clock's current instant without a database round trip (for decisions made on every request). */
export function clockInstant(clock: Clock): Date {
  if (clock.kind === 'fixed') return clock.at;
  return new Date(Date.now() + (clock.kind === 'offset' ? clock.ms : 0));
}

/** The tenant's current time, read from the same source SQL uses. Needs a bound tenant. */
export async function now(tx: Knex.Transaction): Promise<Date> {
  const result = await tx.raw<{ rows: { now: Date }[] }>('select app_now() as now');
  const row = result.rows[0];
  if (!row) throw new Error('app_now() returned no row');
  return row.now;
}

/** Which clock each tenant uses; tests and (later) sandboxes replace the default. */
export type ClockSource = (slug: string) => Clock;
export const databaseClocks: ClockSource = () => DATABASE_CLOCK;
