import type { Knex } from 'knex';

/**
 * Budget execution targets set by the tenant admin per agency and fiscal year ("order 60 % of the
 * planned value by 30 June"): one row per version of a milestone. Setting a milestone again adds
 * the next version, so what a warning or a page cited stays readable; the newest version of each
 * (agency, year, date) is the one in force. `execution_target_warnings` records each weekly
 * warning sent, so a second run of the job in the same week sends nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table execution_targets (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      fiscal_year int not null check (fiscal_year between 2000 and 2100),
      due_on date not null,
      percent numeric(5, 2) not null check (percent > 0 and percent <= 100),
      version int not null check (version > 0),
      set_by uuid references users (id),
      set_at timestamptz not null default app_now(),
      unique (agency_id, fiscal_year, due_on, version)
    );
    create table execution_target_warnings (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      fiscal_year int not null,
      due_on date not null,
      week text not null,
      target text not null,
      officers_told int not null,
      sent_at timestamptz not null default app_now(),
      unique (agency_id, fiscal_year, due_on, week)
    );
  `);
}
