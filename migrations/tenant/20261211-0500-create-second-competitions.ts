import type { Knex } from 'knex';

/**
 * Second competitions: an order above the tenant's threshold invites the agreement's parties to
 * short quotes, sealed under the tender key mechanism like bids and opened once at the deadline.
 * A quote's content is written in clear only by that opening.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table second_competitions (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null unique references delivery_orders (id),
      closes_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'opened', 'failed')),
      opened_at timestamptz,
      winner_quote_id uuid,
      applied_rules text[] not null default '{}'
    );

    create sequence competition_quote_serial;
    create table competition_quotes (
      id uuid primary key default gen_random_uuid(),
      competition_id uuid not null references second_competitions (id),
      supplier_id uuid not null references suppliers (id),
      receipt_no text not null unique,
      submitted_by uuid not null references users (id),
      submitted_at timestamptz not null,
      sealed_quote text not null,
      quote_hash text not null check (quote_hash ~ '^[0-9a-f]{64}$'),
      status text not null default 'current' check (status in ('current', 'replaced')),
      total bigint,
      lines jsonb
    );
    create unique index competition_quotes_one_current on competition_quotes (competition_id, supplier_id)
      where status = 'current';
  `);
}
