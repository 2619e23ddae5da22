import type { Knex } from 'knex';

/**
 * Tender documents, addenda and system outages.
 * - `outage_windows`: a time the system was unavailable, recorded once per (start, end) so
 *   recording the same window again changes nothing.
 * - `notice_addenda`: numbered amendments of a published notice (1, 2, …), each with the notice
 *   revision it produced, a before/after summary of the changes, and the rule versions applied;
 *   an automatic addendum after an outage names its window (at most one per notice and window).
 * - `notice_documents`: files of a notice with their SHA-256; a document replaced by an addendum
 *   keeps its row and points to its successor, so what suppliers saw stays on record.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table outage_windows (
      id uuid primary key default gen_random_uuid(),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      reason text not null,
      recorded_by text not null,
      recorded_at timestamptz not null default app_now(),
      applied_rules text[] not null default '{}',
      check (ends_at > starts_at),
      unique (starts_at, ends_at)
    );

    create table notice_addenda (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      number int not null check (number >= 1),
      revision int not null,
      summary text not null,
      changes jsonb not null default '{}',
      extended_by_rule boolean not null default false,
      applied_rules text[] not null default '{}',
      outage_id uuid references outage_windows (id),
      issued_by uuid references users (id),
      issued_at timestamptz not null default app_now(),
      unique (notice_id, number),
      unique (notice_id, outage_id)
    );

    create table notice_documents (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id),
      addendum_id uuid references notice_addenda (id),
      file_name text not null,
      content_type text not null,
      size int not null check (size > 0),
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid not null references users (id),
      uploaded_at timestamptz not null default app_now(),
      superseded_by uuid references notice_documents (id)
    );
    create index notice_documents_notice on notice_documents (notice_id, uploaded_at);
  `);
}
