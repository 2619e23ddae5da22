import type { Knex } from 'knex';

/**
 * Files of an addendum waiting for a second officer's check (a mutual check): kept here, under the
 * ids they will have as notice documents, until the request is decided. Approved, they become
 * notice documents; returned, they are let go. Nobody downloads them meanwhile.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table held_notice_documents (
      id uuid primary key,
      approval_id uuid not null references approvals (id),
      notice_id uuid not null references notices (id),
      replaces uuid references notice_documents (id),
      file_name text not null,
      content_type text not null,
      size int not null,
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid not null references users (id),
      held_at timestamptz not null default app_now()
    );
    create index held_notice_documents_approval on held_notice_documents (approval_id);
  `);
}
