import type { Knex } from 'knex';

/**
 * A mutual check asks for no reason from the maker (the change itself is what the checker reads);
 * a call-center request still gives one, which the service requires. A refusal still needs its reason.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table approvals drop constraint if exists approvals_reason_check;
    alter table approvals alter column reason set default '';
  `);
}
