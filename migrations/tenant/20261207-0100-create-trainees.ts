import type { Knex } from 'knex';

/**
 * A training sandbox's trainees: each has a number, one password for the accounts of their roles
 * and one authenticator key, both sealed with the tenant's data key, so the trainer can print the
 * class's handout again at any time. Partner governments' tenants never have rows here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table trainees (
      number integer primary key check (number between 1 and 60),
      password_sealed text not null,
      totp_secret_sealed text not null,
      created_at timestamptz not null default app_now()
    )`);
}
