/**
 * Several writes sent as one statement: all but the last become data-modifying CTEs of the last.
 * PostgreSQL runs every one of them exactly once and atomically, whatever the last one returns,
 * and foreign keys are checked at the end of the statement. One round trip instead of one per
 * write, for the paths that must stay fast under a deadline spike.
 */
import type { Knex } from 'knex';

export function together(...writes: Knex.QueryBuilder[]): Knex.QueryBuilder {
  const last = writes.at(-1);
  if (!last) throw new Error('together() needs at least one write');
  return writes.slice(0, -1).reduce((query, write, i) => query.with(`write_${i}`, write), last);
}
