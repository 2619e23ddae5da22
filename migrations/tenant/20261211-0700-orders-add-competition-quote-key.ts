import type { Knex } from 'knex';

/**
 * A second competition's own quote key, made like a tender key (crypto/sealed-box.ts): quotes are
 * sealed under it and only the opening at the deadline may unwrap it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table second_competitions add column quote_key text`);
}
