import type { Knex } from 'knex';

/**
 * Unsent e-mail by age: the workers look for it every minute (mail/unsent.ts), and the table holds
 * every message ever sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index outbound_emails_unsent on outbound_emails (created_at) where sent_at is null`);
}
