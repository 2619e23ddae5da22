import type { Knex } from 'knex';

/**
 * The data keys of platform-wide secrets (staff second factors), stored only wrapped by the
 * key-encryption key of MASTER_KEY, like each tenant's own `data_keys`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table data_keys (
      version int primary key check (version > 0),
      origin text not null check (origin in ('random', 'derived')),
      kek_id text not null,
      wrapped text not null,
      created_at timestamptz not null default now(),
      rewrapped_at timestamptz
    )
  `);
}
