import type { Knex } from 'knex';

/**
 * The time zone a staff member works in: the call-center console shows each deadline in the
 * caller's zone (the tenant's) and in the agent's own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table staff add column time_zone text not null default 'UTC'`);
}
