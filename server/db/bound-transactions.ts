/**
 * Knex's PostgreSQL client with one addition: a transaction can be opened together with the
 * statement that binds it (`{ prelude }` in the transaction config), as one simple-protocol
 * message `BEGIN; <prelude>`. node-postgres waits for each reply before it sends the next query, so
 * this saves a round trip on every tenant transaction; under a deadline spike round trips, not
 * SQL, are what the server spends its time on.
 *
 * Knex documents custom client classes (`client: SomeClass`); the two base classes below are the
 * ones its own 'pg' client name resolves to. The binding tests fail at once if they change shape.
 */
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);
type Constructor = new (...args: never[]) => object;
const PgClient = require('knex/lib/dialects/postgres/index.js') as Constructor;
const PgTransaction = require('knex/lib/dialects/postgres/execution/pg-transaction.js') as Constructor;

/** Transaction options understood by this client on top of knex's own. */
export interface BoundTransactionConfig extends Knex.TransactionConfig {
  /** SQL sent in the same message as BEGIN. Literals only: the simple protocol has no parameters. */
  prelude?: string;
  /** Receives the results of the prelude's statements, in order (the first is BEGIN's own). */
  begun?: (results: { rows: unknown[] }[]) => void;
}

interface TransactionInternals {
  query(conn: unknown, sql: string, status?: number, value?: unknown): Promise<unknown>;
  begin(conn: unknown): Promise<unknown>;
  trxClient: { query(conn: unknown, sql: string): Promise<{ response: { rows: unknown[] }[] }> };
  isolationLevel?: string;
  readOnly?: boolean;
}

class BoundTransaction extends (PgTransaction as new (
  client: unknown,
  container: unknown,
  config: BoundTransactionConfig | undefined,
  outerTx: unknown,
) => TransactionInternals) {
  private readonly prelude: string | undefined;
  private readonly begun: BoundTransactionConfig['begun'];

  constructor(client: unknown, container: unknown, config: BoundTransactionConfig | undefined, outerTx: unknown) {
    super(client, container, config, outerTx);
    // Read before begin(): knex starts the transaction on a later tick.
    this.prelude = config?.prelude;
    this.begun = config?.begun;
  }

  override begin(conn: unknown): Promise<unknown> {
    if (!this.prelude) return super.begin(conn);
    if (this.isolationLevel || this.readOnly) return super.begin(conn).then(() => this.query(conn, this.prelude!));
    return this.trxClient.query(conn, `BEGIN; ${this.prelude}`).then(
      ({ response }) => this.begun?.(Array.isArray(response) ? response : [response]),
      // A failing statement aborts the transaction its BEGIN opened: rolled back here, as knex
      // rolls back a failed query, or the connection would return to the pool still inside it.
      (error: unknown) => this.query(conn, 'ROLLBACK', 2, error),
    );
  }
}

export class BoundPgClient extends (PgClient as new (config: Knex.Config) => object) {
  transaction(container: unknown, config: BoundTransactionConfig | undefined, outerTx: unknown) {
    return new BoundTransaction(this, container, config, outerTx);
  }
}
