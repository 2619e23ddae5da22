import type { Knex } from 'knex';

/**
 * When an account's second factor was last reset by an approved request (approvals). Like a new
 * password, a reset ends the sessions made before it, so a new authenticator is only ever enrolled
 * after signing in again with the password.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table users add column second_factor_reset_at timestamptz`);
}
