import type { Knex } from 'knex';

/**
 * The transactional outbox: a job that belongs to a business change is written here in the same
 * transaction, and a relay moves it to BullMQ afterwards. If the process dies after the commit, or
 * the queue is unreachable, the row waits and is delivered later.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table job_outbox (
      id bigint generated always as identity primary key,
      queue text not null,
      name text not null,
      job_id text not null check (job_id !~ ':'),
      payload jsonb not null,
      run_at timestamptz,
      created_at timestamptz not null default app_now(),
      relayed_at timestamptz
    );
    create index job_outbox_pending on job_outbox (id) where relayed_at is null;

    alter table suppliers add column renewal_reminded_for timestamptz;
  `);
}
