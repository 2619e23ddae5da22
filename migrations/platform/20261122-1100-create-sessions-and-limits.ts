import type { Knex } from 'knex';

/**
 * Sessions (connect-pg-simple's table) and login throttling counters (rate-limiter-flexible's
 * table) for the embedded default; production keeps both in Redis. A session row names its
 * tenant inside `sess`, and the app refuses a session from another tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table sessions (
      sid varchar not null primary key,
      sess json not null,
      expire timestamp(6) not null
    );
    create index sessions_expire on sessions (expire);

    create table login_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    );
  `);
}
