/**
 * Tells an unreachable PostgreSQL apart from a failed query: the server refuses connections, has
 * no slot left, is shutting down or starting up, or dropped the connection. Requests that meet one
 * of these answer 503 with Retry-After (http/error-handler.ts) and /readyz names the database
 * (http/readiness.ts). A server that is reachable but out of disk or memory is told apart too
 * (exhaustion): its transaction rolled back, nothing of it was stored. Every other error stays what
 * it is.
 */

/** Why a database could not be used, in words an operator reads on /readyz and in the log. */
export type Unavailability =
  'connection refused' | 'too many connections' | 'shutting down or starting up' | 'connection lost' | 'timed out';

/** SQLSTATE codes (PostgreSQL appendix A) and Node socket codes, by what they mean here. */
const BY_CODE: Record<string, Unavailability> = {
  ECONNREFUSED: 'connection refused',
  // A host name that does not resolve: in a container network, a stopped database container.
  ENOTFOUND: 'connection refused',
  EAI_AGAIN: 'connection refused',
  EHOSTUNREACH: 'connection refused',
  ENETUNREACH: 'connection refused',
  '08001': 'connection refused', // sqlclient_unable_to_establish_sqlconnection
  '08004': 'connection refused', // sqlserver_rejected_establishment_of_sqlconnection
  '53300': 'too many connections', // too_many_connections (max_connections, or a role's limit)
  '57P01': 'shutting down or starting up', // admin_shutdown: a fast shutdown ended the session
  '57P02': 'shutting down or starting up', // crash_shutdown: another backend crashed
  '57P03': 'shutting down or starting up', // cannot_connect_now: starting up, shutting down, recovery
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  '08000': 'connection lost', // connection_exception
  '08003': 'connection lost', // connection_does_not_exist
  '08006': 'connection lost', // connection_failure
  ETIMEDOUT: 'timed out',
};

/**
 * node-postgres reports a connection that ended under it with these messages and no code (knex
 * puts the statement in front: "COMMIT; - Client has encountered a connection error ...").
 */
const LOST_CONNECTION_MESSAGES = [
  /\bConnection terminated\b/,
  /\bClient has encountered a connection error and is not queryable\b/,
  /\bClient was closed and is not queryable\b/,
];

/** The error, its `cause` and, for an AggregateError (every address of a host refused), its parts. */
function* causes(error: unknown, depth = 0): Generator<unknown> {
  if (error === null || error === undefined || depth > 4) return;
  yield error;
  if (typeof error !== 'object') return;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  yield* causes(cause, depth + 1);
  if (Array.isArray(errors)) for (const part of errors) yield* causes(part, depth + 1);
}

/** Why `error` means the database could not be used, or undefined for any other error. */
export function unavailability(error: unknown): Unavailability | undefined {
  for (const candidate of causes(error)) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && BY_CODE[code]) return BY_CODE[code];
    if (typeof message === 'string' && LOST_CONNECTION_MESSAGES.some((pattern) => pattern.test(message)))
      return 'connection lost';
  }
  return undefined;
}

/** A resource the database (or this machine, for a file) ran out of while doing the request's work. */
export type Exhaustion = 'disk full' | 'out of memory';

const EXHAUSTED: Record<string, Exhaustion> = {
  '53100': 'disk full', // disk_full: a table, index or WAL write found no space
  ENOSPC: 'disk full', // a file of ours (an export, a kept e-mail) found no space
  '53200': 'out of memory', // out_of_memory
};

/** What `error` says the database ran out of, or undefined for any other error. */
export function exhaustion(error: unknown): Exhaustion | undefined {
  for (const candidate of causes(error)) {
    const code =
      typeof candidate === 'object' && candidate !== null ? (candidate as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && EXHAUSTED[code]) return EXHAUSTED[code];
  }
  return undefined;
}
