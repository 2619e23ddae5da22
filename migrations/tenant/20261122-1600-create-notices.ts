import type { Knex } from 'knex';

/**
 * Bid notices up to publication. A notice keeps the coarse OCDS tender status and a finer
 * status detail, a structured number with a revision suffix (R26BK00000001-000), the three
 * amounts KONEPS distinguishes, and the rule versions its publication was checked against.
 * `search_terms` holds words and character pairs segmented at indexing (Intl.Segmenter), so
 * search works in Khmer (no spaces) and Korean (agglutinative) alike.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence notice_serial;
    create table notices (
      id uuid primary key default gen_random_uuid(),
      notice_no text unique,
      revision int not null default 0,
      plan_entry_id uuid references plan_entries (id),
      agency_id uuid not null references agencies (id),
      title jsonb not null,
      category text not null check (category in ('goods', 'services', 'works', 'ict')),
      competition text not null check (competition in ('domestic', 'international')),
      method text not null check (method in ('open', 'restricted', 'negotiated', 'direct')),
      evaluation_method text not null check (evaluation_method in ('lowest-price', 'negotiated')),
      estimated_price bigint not null check (estimated_price > 0),
      estimated_price_hidden boolean not null default false,
      base_amount bigint,
      allocated_budget bigint,
      bid_security_percent numeric(6, 3) not null,
      submission_deadline timestamptz not null,
      opening_at timestamptz not null,
      status text not null default 'planning' check (status in ('planning', 'active', 'cancelled', 'unsuccessful', 'complete')),
      status_details text not null default 'draft',
      applied_rules text[] not null default '{}',
      search_terms text[] not null default '{}',
      cancellation_reason text,
      created_by uuid references users (id),
      created_at timestamptz not null default app_now(),
      published_at timestamptz,
      check (opening_at >= submission_deadline)
    );
    create index notices_public on notices (status, submission_deadline);
    create index notices_search on notices using gin (search_terms);
  `);
}
