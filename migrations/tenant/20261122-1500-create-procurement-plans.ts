import type { Knex } from 'knex';

/**
 * Procurement plans (order schedules): what each agency intends to buy this year. KONEPS requires
 * a published plan entry before a notice can be posted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table plan_entries (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      fiscal_year int not null check (fiscal_year between 2000 and 2100),
      title jsonb not null,
      category text not null check (category in ('goods', 'services', 'works', 'ict')),
      estimated_budget bigint not null check (estimated_budget > 0),
      quarter int not null check (quarter between 1 and 4),
      method text not null check (method in ('open', 'restricted', 'negotiated', 'direct')),
      status text not null default 'draft' check (status in ('draft', 'published', 'withdrawn')),
      created_by uuid references users (id),
      created_at timestamptz not null default app_now(),
      published_at timestamptz
    );
    create index plan_entries_public on plan_entries (fiscal_year, status, agency_id);
  `);
}
