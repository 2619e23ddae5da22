import type { Knex } from 'knex';

/**
 * Test purchases of innovative products: an agency asks to try one, an officer decides, the
 * purchase is ordered directly, and the agency reports how the product did.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table test_purchases (
      id uuid primary key default gen_random_uuid(),
      product_id uuid not null references innovative_products (id),
      agency_id uuid not null references agencies (id),
      quantity int not null check (quantity > 0),
      purpose text not null,
      status text not null default 'requested'
        check (status in ('requested', 'approved', 'rejected', 'evaluated')),
      requested_by uuid not null references users (id),
      requested_at timestamptz not null default app_now(),
      decided_by uuid references users (id),
      decided_at timestamptz,
      decision_note text,
      order_id uuid references delivery_orders (id),
      evaluation jsonb,
      evaluated_by uuid references users (id),
      evaluated_at timestamptz,
      applied_rules text[] not null default '{}'
    );
  `);
}
