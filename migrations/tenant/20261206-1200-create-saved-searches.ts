import type { Knex } from 'knex';

/**
 * Suppliers' saved searches and the alerts sent for them. A search holds the public list's
 * criteria (keywords as search terms cut at saving, categories, agencies, a value range) and how
 * often to write; `alert_deliveries` remembers which notice or addendum each search was told of,
 * so an alert job that runs twice sends nothing the second time. `link_base` is the portal address
 * the search was saved from, for the links in the mail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table saved_searches (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null,
      keywords text not null default '',
      keywords_language text not null,
      keyword_terms text[] not null default '{}',
      categories text[] not null default '{}',
      agency_ids uuid[] not null default '{}',
      min_value bigint check (min_value >= 0),
      max_value bigint check (max_value >= 0),
      frequency text not null check (frequency in ('immediate', 'daily', 'both', 'off')),
      link_base text not null,
      digest_through timestamptz not null default app_now(),
      created_at timestamptz not null default app_now(),
      updated_at timestamptz not null default app_now(),
      check (min_value is null or max_value is null or min_value <= max_value)
    );
    create index saved_searches_user on saved_searches (user_id, created_at);
    create index saved_searches_frequency on saved_searches (frequency) where frequency <> 'off';

    create table alert_deliveries (
      saved_search_id uuid not null references saved_searches (id) on delete cascade,
      event_key text not null,
      notice_id uuid not null references notices (id),
      kind text not null check (kind in ('immediate', 'digest')),
      delivered_at timestamptz not null default app_now(),
      primary key (saved_search_id, event_key, kind)
    );
  `);
}
