import type { Knex } from 'knex';

/**
 * Requests that wait for a second person's decision: what will change (as data, read as a
 * sentence), who asked and why, which tenant role decides, and the decision with its reason.
 * One request at a time may be pending for the same kind of change to the same target; a pending
 * request is how other actions learn that a change is under review.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table approvals (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      target_type text not null,
      target_id text not null,
      summary jsonb not null default '{}',
      reason text not null check (btrim(reason) <> ''),
      context jsonb not null default '{}',
      requested_by_type text not null check (requested_by_type in ('user', 'platform')),
      requested_by_id text not null,
      requested_by_label text not null,
      approver_role text not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'refused', 'withdrawn')),
      decided_by uuid references users (id),
      decided_by_label text,
      decision_reason text,
      requested_at timestamptz not null default app_now(),
      decided_at timestamptz,
      check ((status = 'pending') = (decided_at is null)),
      check (status <> 'refused' or btrim(coalesce(decision_reason, '')) <> '')
    );
    create unique index approvals_one_pending on approvals (kind, target_type, target_id) where status = 'pending';
    create index approvals_by_status on approvals (status, requested_at desc);
  `);
}
