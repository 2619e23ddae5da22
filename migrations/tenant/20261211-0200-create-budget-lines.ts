import type { Knex } from 'knex';

/**
 * An agency's budget lines for a fiscal year: what orders from the mall are charged to. The
 * committed amount grows with each order placed and shrinks when one is declined or cancelled.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table budget_lines (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      fiscal_year int not null check (fiscal_year between 2000 and 2100),
      code text not null,
      label jsonb not null,
      amount bigint not null check (amount > 0),
      committed bigint not null default 0 check (committed >= 0),
      unique (agency_id, fiscal_year, code),
      check (committed <= amount)
    );
  `);
}
