/**
 * A node-postgres client that survives its server going away. node-postgres emits 'error' on a
 * client whose connection is ended under it (a restart, pg_terminate_backend, a crashed backend),
 * and pg-pool listens for it only while the client sits idle in the pool. A client a library keeps
 * checked out between two statements (BullMQ's PostgreSQL backend does, inside its transactions)
 * then throws an unhandled 'error' that ends the process. The failure still reaches the statement
 * waiting on that client, and pg-pool discards a client that is no longer queryable when it comes
 * back, so a listener is all that is missing. Used as the pool's `Client`.
 */
import pg from 'pg';

export class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }
}
