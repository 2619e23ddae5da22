import type { Knex } from 'knex';

/**
 * Briefing sessions on a published plan entry or notice: a join link or a place, registrations
 * (one per company), questions sent in advance (asker known to the officer only, answers public)
 * and the attendance list. `mandatory_rule` holds the briefing-attendance rule version that made
 * attendance a condition of bidding on the notice (null: not a condition).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table briefings (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid references notices (id),
      plan_entry_id uuid references plan_entries (id),
      agency_id uuid not null references agencies (id),
      title text not null,
      starts_at timestamptz not null,
      join_url text,
      place text,
      registration_deadline timestamptz not null,
      mandatory_rule text,
      status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
      cancel_reason text,
      attendance_recorded_at timestamptz,
      created_by uuid not null references users (id),
      created_at timestamptz not null default app_now(),
      check ((notice_id is null) <> (plan_entry_id is null)),
      check (join_url is not null or place is not null),
      check (registration_deadline <= starts_at)
    );
    create index briefings_notice on briefings (notice_id) where notice_id is not null;
    create index briefings_plan on briefings (plan_entry_id) where plan_entry_id is not null;
    create index briefings_starts on briefings (starts_at);

    create table briefing_registrations (
      briefing_id uuid not null references briefings (id),
      supplier_id uuid not null references suppliers (id),
      registered_by uuid not null references users (id),
      registered_at timestamptz not null default app_now(),
      attended boolean not null default false,
      primary key (briefing_id, supplier_id)
    );

    create table briefing_questions (
      id uuid primary key default gen_random_uuid(),
      briefing_id uuid not null references briefings (id),
      supplier_id uuid not null references suppliers (id),
      asked_by uuid not null references users (id),
      question text not null,
      asked_at timestamptz not null default app_now(),
      answer text,
      answered_by uuid references users (id),
      answered_at timestamptz
    );
    create index briefing_questions_briefing on briefing_questions (briefing_id, asked_at);
  `);
}
