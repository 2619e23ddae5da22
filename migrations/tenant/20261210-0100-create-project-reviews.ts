import type { Knex } from 'knex';

/**
 * ICT project review (Software Promotion Act, the tenant's `project-review` rule): each round of a
 * notice's review, the first before the notice and one per later change of the confirmed
 * requirements, with what the officer proposed and what the committee confirmed, why, and who;
 * and the committee's seats, each declared free of conflicts of interest or blocked.
 * Dates are the tenant's calendar days.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table project_reviews (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      round integer not null check (round >= 1),
      kind text not null check (kind in ('initial', 'change')),
      rule text not null,
      requirements text not null,
      scope text not null,
      proposed_start date not null,
      proposed_end date not null,
      status text not null default 'submitted' check (status in ('submitted', 'confirmed', 'adjusted')),
      confirmed_requirements text,
      confirmed_scope text,
      confirmed_start date,
      confirmed_end date,
      decision_reasons text,
      decided_by uuid references users (id),
      decided_at timestamptz,
      submitted_by uuid not null references users (id),
      submitted_at timestamptz not null default app_now(),
      unique (notice_id, round),
      check (proposed_start <= proposed_end),
      check (status = 'submitted' or (confirmed_start <= confirmed_end and decision_reasons is not null))
    );
    create unique index project_reviews_one_pending on project_reviews (notice_id) where status = 'submitted';

    create table project_review_members (
      id uuid primary key default gen_random_uuid(),
      review_id uuid not null references project_reviews (id),
      user_id uuid not null references users (id),
      seated_by uuid not null references users (id),
      seated_at timestamptz not null default app_now(),
      status text not null default 'seated' check (status in ('seated', 'declared', 'declined')),
      declared_at timestamptz,
      declined_reason text,
      conflicts jsonb,
      unique (review_id, user_id)
    );
  `);
}
