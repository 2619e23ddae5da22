import type { Knex } from 'knex';

/**
 * The nightly bulk files of the tenant's OCDS releases (gzipped JSON lines), kept in the database
 * like every other file, with their SHA-256 so a downloader can check what arrived.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ocds_exports (
      id uuid primary key default gen_random_uuid(),
      file_name text not null unique,
      created_at timestamptz not null,
      releases int not null,
      last_seq bigint not null,
      size_bytes int not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null
    );
  `);
}
