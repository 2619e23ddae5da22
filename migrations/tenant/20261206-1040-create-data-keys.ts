import type { Knex } from 'knex';

/**
 * The tenant's data keys, each stored only wrapped by the key-encryption key of MASTER_KEY (whose
 * id is kept with it). They live in the tenant's own schema, with no reference to platform
 * tables, so a tenant archive carries them and a schema can be moved (or sharded) alone. The
 * first row is written by the application, not here: migrations never hold keys.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table data_keys (
      version int primary key check (version > 0),
      origin text not null check (origin in ('random', 'derived')),
      kek_id text not null,
      wrapped text not null,
      created_at timestamptz not null default app_now(),
      rewrapped_at timestamptz
    )
  `);
}
