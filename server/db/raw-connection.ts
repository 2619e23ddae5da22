/** The pg client under a knex transaction, for what knex cannot do itself (COPY streams). */
import type { Knex } from 'knex';
import type pg from 'pg';

export async function rawConnection(tx: Knex.Transaction): Promise<pg.ClientBase> {
  // Inside a transaction knex's client hands out the transaction's own connection.
  const client = tx.client as { acquireConnection(): Promise<pg.ClientBase> };
  return client.acquireConnection();
}
