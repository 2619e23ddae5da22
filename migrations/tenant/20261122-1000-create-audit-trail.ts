import type { Knex } from 'knex';

/**
 * The tenant's append-only, tamper-evident audit trail (docs/audit-trail.md).
 * - audit_entries: inserted freely by any transaction, each with the SHA-256 of its canonical
 *   content; never updated or deleted.
 * - audit_blocks: the sealer folds unsealed entries, in sequence order, into blocks chained by
 *   hash (a Merkle root per block plus the previous block's hash).
 * - audit_sealed: which block holds each entry (append-only too).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_entries (
      seq bigint generated always as identity primary key,
      at timestamptz not null,
      actor_type text not null check (actor_type in ('user', 'platform', 'system', 'anonymous')),
      actor_id text,
      actor_label text,
      action text not null,
      target_type text,
      target_id text,
      summary jsonb not null default '{}',
      request_id text,
      client_address text,
      entry_hash text not null check (entry_hash ~ '^[0-9a-f]{64}$')
    );
    create index audit_entries_at on audit_entries (at);
    create index audit_entries_actor on audit_entries (actor_id, at);
    create index audit_entries_action on audit_entries (action, at);
    create index audit_entries_target on audit_entries (target_type, target_id, at);

    create table audit_blocks (
      block_no bigint primary key,
      entry_count int not null,
      first_seq bigint not null,
      last_seq bigint not null,
      merkle_root text not null,
      prev_hash text not null,
      block_hash text not null unique,
      sealed_at timestamptz not null
    );

    create table audit_sealed (
      seq bigint primary key references audit_entries (seq),
      block_no bigint not null references audit_blocks (block_no),
      position int not null,
      unique (block_no, position)
    );

    create function audit_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit trail is append-only: % on % is refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$;

    create trigger audit_entries_append_only before update or delete on audit_entries
      for each row execute function audit_refuse_change();
    create trigger audit_entries_no_truncate before truncate on audit_entries
      for each statement execute function audit_refuse_change();
    create trigger audit_blocks_append_only before update or delete on audit_blocks
      for each row execute function audit_refuse_change();
    create trigger audit_blocks_no_truncate before truncate on audit_blocks
      for each statement execute function audit_refuse_change();
    create trigger audit_sealed_append_only before update or delete on audit_sealed
      for each row execute function audit_refuse_change();
    create trigger audit_sealed_no_truncate before truncate on audit_sealed
      for each statement execute function audit_refuse_change();
  `);
}
