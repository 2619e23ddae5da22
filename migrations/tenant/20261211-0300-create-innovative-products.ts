import type { Knex } from 'knex';

/**
 * Innovative products: a designation with its evidence and validity, which lets an agency buy the
 * product directly within the tenant's limit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence innovative_designation_serial;
    create table innovative_products (
      id uuid primary key default gen_random_uuid(),
      designation_no text not null unique,
      supplier_id uuid not null references suppliers (id),
      name jsonb not null,
      description jsonb not null,
      classification text not null,
      unit text not null,
      unit_price bigint not null check (unit_price > 0),
      evidence text not null,
      designated_from date not null,
      designated_until date not null,
      status text not null default 'designated' check (status in ('designated', 'revoked')),
      revoked_reason text,
      designated_by uuid not null references users (id),
      designated_at timestamptz not null default app_now(),
      applied_rules text[] not null default '{}',
      search_terms text[] not null default '{}',
      check (designated_from <= designated_until)
    );
    create index innovative_products_search on innovative_products using gin (search_terms);
  `);
}
