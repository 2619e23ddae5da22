import type { Knex } from 'knex';

/**
 * Signed block heads of the audit trail (docs/audit-trail.md): each sealed block's hash signed with
 * the tenant's `audit-head-signing` Ed25519 key, whose private half never enters the database.
 * Published at /api/v1/audit/heads so copies can be kept outside the database; append-only like
 * the rest of the trail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_heads (
      block_no bigint primary key references audit_blocks (block_no),
      block_hash text not null check (block_hash ~ '^[0-9a-f]{64}$'),
      key_id text not null,
      signature text not null,
      signed_at timestamptz not null
    );

    create trigger audit_heads_append_only before update or delete on audit_heads
      for each row execute function audit_refuse_change();
    create trigger audit_heads_no_truncate before truncate on audit_heads
      for each statement execute function audit_refuse_change();
  `);
}
