import type { Knex } from 'knex';

/**
 * The one-click unsubscribe address of a message sent because of a subscription (alerts): written
 * into its List-Unsubscribe header (RFC 2369, with List-Unsubscribe-Post of RFC 8058) at delivery.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table outbound_emails add column list_unsubscribe text`);
}
