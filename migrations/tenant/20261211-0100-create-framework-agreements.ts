import type { Knex } from 'knex';

/**
 * Framework agreements (Korea's multiple-award schedule): one tender whose award makes several
 * suppliers parties. The agreement's items carry a classification, a unit and a ceiling unit
 * price; each party's price list is sealed in its bid and written here after the award. Prices
 * change only through a recorded change (index-linked or requested) that an officer decides.
 * `search_terms` holds the items' words and character pairs (server/search/terms.ts) for the mall.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence framework_agreement_serial;
    create table framework_agreements (
      id uuid primary key default gen_random_uuid(),
      agreement_no text not null unique,
      notice_id uuid not null unique references notices (id),
      agency_id uuid not null references agencies (id),
      title jsonb not null,
      category text not null check (category in ('goods', 'services', 'works', 'ict')),
      starts_on date not null,
      ends_on date not null,
      max_value bigint not null check (max_value > 0),
      max_parties int not null check (max_parties between 1 and 50),
      ordered_value bigint not null default 0 check (ordered_value >= 0),
      status text not null default 'tendering'
        check (status in ('tendering', 'active', 'expired', 'terminated', 'failed')),
      applied_rules text[] not null default '{}',
      created_by uuid not null references users (id),
      created_at timestamptz not null default app_now(),
      concluded_at timestamptz,
      check (starts_on <= ends_on)
    );

    create table framework_items (
      id uuid primary key default gen_random_uuid(),
      agreement_id uuid not null references framework_agreements (id),
      number int not null check (number > 0),
      classification text not null,
      description jsonb not null,
      unit text not null,
      ceiling_unit_price bigint not null check (ceiling_unit_price > 0),
      estimated_quantity int not null check (estimated_quantity > 0),
      search_terms text[] not null default '{}',
      unique (agreement_id, number)
    );
    create index framework_items_search on framework_items using gin (search_terms);

    create table framework_parties (
      id uuid primary key default gen_random_uuid(),
      agreement_id uuid not null references framework_agreements (id),
      supplier_id uuid not null references suppliers (id),
      bid_id uuid references bids (id),
      rank int not null check (rank > 0),
      status text not null default 'active' check (status in ('active', 'suspended', 'withdrawn')),
      joined_at timestamptz not null default app_now(),
      unique (agreement_id, supplier_id)
    );

    create table framework_prices (
      id uuid primary key default gen_random_uuid(),
      party_id uuid not null references framework_parties (id),
      item_id uuid not null references framework_items (id),
      unit_price bigint not null check (unit_price > 0),
      delivery_days int not null default 14 check (delivery_days between 1 and 365),
      stock int check (stock >= 0),
      version int not null default 1,
      updated_at timestamptz not null default app_now(),
      unique (party_id, item_id)
    );

    create table framework_price_changes (
      id uuid primary key default gen_random_uuid(),
      price_id uuid not null references framework_prices (id),
      kind text not null check (kind in ('index-linked', 'requested')),
      from_price bigint not null check (from_price > 0),
      to_price bigint not null check (to_price > 0),
      reason text not null,
      status text not null default 'requested' check (status in ('requested', 'approved', 'rejected')),
      requested_by uuid not null references users (id),
      requested_at timestamptz not null default app_now(),
      decided_by uuid references users (id),
      decided_at timestamptz,
      decision_note text,
      applied_rules text[] not null default '{}'
    );
    create unique index framework_price_changes_one_open on framework_price_changes (price_id)
      where status = 'requested';
  `);
}
