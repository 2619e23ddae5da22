import type { Knex } from 'knex';

/**
 * Delivery orders from the mall: a call-off under a framework agreement (directly from one party,
 * or after a second competition among the parties) or a direct purchase of an innovative product.
 * Each order is charged to a budget line and, once the supplier accepts it, carries the contract
 * its deliveries, inspections, invoices and payments go through. Carts are rows, not session
 * state, so any web process serves the next request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence delivery_order_serial;
    create table delivery_orders (
      id uuid primary key default gen_random_uuid(),
      order_no text not null unique,
      kind text not null check (kind in ('call-off', 'innovative')),
      agency_id uuid not null references agencies (id),
      agreement_id uuid references framework_agreements (id),
      product_id uuid references innovative_products (id),
      supplier_id uuid references suppliers (id),
      budget_line_id uuid not null references budget_lines (id),
      total bigint not null check (total > 0),
      delivery_address text not null,
      deliver_by date not null,
      status text not null
        check (status in ('in-competition', 'awaiting-supplier', 'accepted', 'declined', 'cancelled', 'failed')),
      contract_id uuid,
      placed_by uuid not null references users (id),
      placed_at timestamptz not null default app_now(),
      decided_by uuid references users (id),
      decided_at timestamptz,
      decline_reason text,
      applied_rules text[] not null default '{}',
      check ((kind = 'call-off') = (agreement_id is not null)),
      check ((kind = 'innovative') = (product_id is not null)),
      check (supplier_id is not null or status in ('in-competition', 'failed', 'cancelled'))
    );
    create index delivery_orders_agency on delivery_orders (agency_id, placed_at);
    create index delivery_orders_supplier on delivery_orders (supplier_id, status);

    create table delivery_order_lines (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references delivery_orders (id),
      number int not null check (number > 0),
      item_id uuid references framework_items (id),
      description text not null,
      classification text not null,
      unit text not null,
      quantity int not null check (quantity > 0),
      unit_price bigint not null check (unit_price > 0),
      unique (order_id, number)
    );

    create table cart_items (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      price_id uuid not null references framework_prices (id),
      quantity int not null check (quantity between 1 and 1000000),
      added_at timestamptz not null default app_now(),
      unique (user_id, price_id)
    );
  `);
}
