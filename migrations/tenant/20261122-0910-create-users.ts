import type { Knex } from 'knex';

/** Accounts of one tenant (officers, suppliers, evaluators, auditors, tenant admins). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable();
    t.text('display_name').notNullable();
    t.text('locale');
    t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    t.text('password_hash').notNullable();
    t.text('status').notNullable().defaultTo('active');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.raw('app_now()'));
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.raw('app_now()'));
  });
  await knex.raw('create unique index users_email_unique on users (lower(email))');
  await knex.raw(`alter table users add constraint users_status_check check (status in ('active', 'deactivated'))`);
}
