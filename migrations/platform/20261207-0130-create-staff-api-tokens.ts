import type { Knex } from 'knex';

/**
 * Bearer tokens of platform staff for the platform's API (trainers scripting their sandboxes):
 * issued after password and second factor, stored only as SHA-256, expiring and revocable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table staff_api_tokens (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references staff (id),
      token_hash text not null unique,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index staff_api_tokens_staff on staff_api_tokens (staff_id)`);
}
