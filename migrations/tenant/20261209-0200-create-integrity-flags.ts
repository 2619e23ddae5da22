import type { Knex } from 'knex';

/**
 * Integrity red flags computed from bid data (server/integrity/): one row per flag raised on a
 * subject (a tender or a supplier), with its evidence, the suppliers that evidence names (so a
 * supplier's page finds the tender flags about it), a weight for ranking and the rule versions it
 * applied. A recompute replaces a subject's rows in one transaction; at most one row per flag
 * and subject (several findings of one kind are one flag with several items of evidence).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table integrity_flags (
      id uuid primary key default gen_random_uuid(),
      subject_type text not null check (subject_type in ('tender', 'supplier')),
      subject_id uuid not null,
      flag_id text not null,
      weight int not null check (weight > 0),
      evidence jsonb not null,
      supplier_ids uuid[] not null default '{}',
      applied_rules text[] not null default '{}',
      computed_at timestamptz not null default app_now(),
      unique (subject_type, subject_id, flag_id)
    );
    create index integrity_flags_flag on integrity_flags (flag_id);
    create index integrity_flags_suppliers on integrity_flags using gin (supplier_ids);
  `);
}
