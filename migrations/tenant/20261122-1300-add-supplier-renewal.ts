import type { Knex } from 'knex';

/** A supplier asks to renew its registration before it expires; the tenant admin approves it. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table suppliers add column renewal_requested_at timestamptz');
}
