import type { Knex } from 'knex';

/**
 * The fingerprint of every rule version that has taken effect, recorded the first time the
 * platform boots with it in force: a later edit of that version is refused (change comes as a new
 * version), so decisions already made stay explainable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rule_fingerprints (
      config_slug text not null,
      rule_id text not null,
      version int not null,
      fingerprint text not null,
      recorded_at timestamptz not null default now(),
      primary key (config_slug, rule_id, version)
    )
  `);
}
