/**
 * The process logger (pino): JSON lines, with request id and tenant added by the HTTP layer.
 * Secrets never reach a line: pino's redaction blanks the paths below in every line, whatever
 * logged it (request lines, error logs, jobs); URLs are cleaned by the request serializers
 * (http/request-log.ts), since redaction replaces whole values only.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** What a secret is replaced with, in redacted paths and in URLs. */
export const REDACTED = '[redacted]';

const REDACT_PATHS = [
  // Credentials in request and response headers (pino-http's `req` and `res`).
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  // knex puts a query's bindings on its timeout errors (token and password hashes among them);
  // body-parser puts the raw request body, passwords and all, on its errors.
  'err.bindings',
  'err.body',
  // Whatever a log call passes under these names, at the top or one level down.
  'password',
  '*.password',
  'token',
  '*.token',
  '_csrf',
  '*._csrf',
  'secondFactor',
  '*.secondFactor',
];

/**
 * `destination`: where the lines go (standard output unless given; tests capture them). `pretty`:
 * readable lines for a terminal, formatted in a worker thread (development only).
 */
export function createLogger(level: string, name = 'koneps', destination?: DestinationStream, pretty = false): Logger {
  const options = { name, level, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: REDACTED } };
  if (destination) return pino(options, destination);
  if (pretty)
    return pino(options, pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } }));
  return pino(options);
}
