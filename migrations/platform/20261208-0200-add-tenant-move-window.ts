import type { Knex } from 'knex';

/**
 * A tenant being moved to another database server is read-only for a short window: every web and
 * worker process reads the window here (the registry all of them share), and says so, or defers.
 * `moving_to` names the target placement while the window lasts ('primary' or its variable).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table tenants add column read_only_since timestamptz, add column moving_to text`);
}
