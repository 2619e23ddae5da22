import type { Knex } from 'knex';

/** The tenant registry: one row per partner government or sandbox hosted by this platform. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    t.text('slug').primary();
    t.text('schema_name').notNullable().unique();
    t.text('status').notNullable();
    t.text('placement');
    t.text('template_slug');
    t.text('migration_version');
    t.text('migration_state').notNullable().defaultTo('pending');
    t.text('migration_error');
    t.boolean('demo_data').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table tenants
    add constraint tenants_slug_check check (slug ~ '^[a-z][a-z0-9-]{1,40}$'),
    add constraint tenants_status_check check (status in ('provisioning', 'active', 'suspended', 'archived')),
    add constraint tenants_migration_state_check check (migration_state in ('pending', 'ok', 'failed'))`);
}
