import type { Knex } from 'knex';

/** Operators pause a tenant's background jobs (they are deferred, never dropped) without suspending it. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table tenants add column jobs_paused boolean not null default false');
}
