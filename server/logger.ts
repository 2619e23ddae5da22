/** The process logger (pino): JSON lines, with request id and tenant added by the HTTP layer. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'koneps'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
