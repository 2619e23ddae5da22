import type { Knex } from 'knex';

/** Trainers: platform staff who create and run training sandboxes for delegations and classes. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table staff drop constraint staff_role_check,
    add constraint staff_role_check check (role in ('operator', 'agent', 'trainer'))`);
}
