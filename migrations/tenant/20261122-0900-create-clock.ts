import type { Knex } from 'knex';

/**
 * app_now(): the tenant's clock for SQL. A fixed instant from the transaction-local setting
 * `app.now` when set (tests), else the server's clock moved by `app.clock_offset_ms` (sandboxes).
 * Volatile, like clock_timestamp(): each call reads the time afresh.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function app_now() returns timestamptz
    language sql volatile parallel safe as $$
      select coalesce(
        nullif(current_setting('app.now', true), '')::timestamptz,
        clock_timestamp()
          + coalesce(nullif(current_setting('app.clock_offset_ms', true), ''), '0')::bigint
          * interval '1 millisecond')
    $$`);
}
