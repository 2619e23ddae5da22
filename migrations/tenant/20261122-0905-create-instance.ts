import type { Knex } from 'knex';

/** One row that says whose schema this is; export/restore and isolation checks read it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('instance', (t) => {
    t.boolean('singleton').primary().defaultTo(true);
    t.text('slug').notNullable();
    t.timestamp('provisioned_at', { useTz: true }).notNullable().defaultTo(knex.raw('app_now()'));
  });
  await knex.raw('alter table instance add constraint instance_singleton check (singleton)');
}
