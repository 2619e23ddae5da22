import type { Knex } from 'knex';

/** Clarification questions on a notice: the asker is known to the officer only; answers are public. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table notice_questions (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      asked_by uuid not null references users (id),
      question text not null,
      asked_at timestamptz not null default app_now(),
      answer text,
      answered_by uuid references users (id),
      answered_at timestamptz
    );
    create index notice_questions_notice on notice_questions (notice_id, asked_at);
  `);
}
