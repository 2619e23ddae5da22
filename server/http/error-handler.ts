/**
 * The one error handler: AppErrors become application/problem+json under an `/api/` path and a
 * localized page elsewhere; a database that is down, full or restarting answers 503 with
 * Retry-After, one whose disk is full 507 (nothing stored); anything unexpected is logged with the
 * request id and tenant and shown as a plain 500 carrying the request id. Never a stack trace to a
 * user.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { i18n } from 'i18next';
import knex from 'knex';
import { exhaustion, unavailability } from '../db/unavailable.js';
import type { Logger } from '../logger.js';
import {
  AppError,
  DatabaseUnavailableError,
  NotFoundError,
  ServerBusyError,
  StorageFullError,
  TenantMovingError,
} from './errors.js';
import { applyLanguage } from './language.js';
import { requestMessages } from './messages.js';

const BODY_PARSER_ERRORS: Record<string, AppError> = {
  'entity.parse.failed': new AppError('invalid_json', 400, 'errors:invalid_json'),
  'entity.too.large': new AppError('payload_too_large', 413, 'errors:payload_too_large'),
  'encoding.unsupported': new AppError('unsupported_encoding', 415, 'errors:unsupported_encoding'),
};

function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // The pool had no connection free in time (a spike): the transaction that needed it never began.
  if (error instanceof knex.KnexTimeoutError) return new ServerBusyError();
  // The database is down, full or restarting: an outage to wait out, not a fault of the request.
  const reason = unavailability(error);
  if (reason) return new DatabaseUnavailableError(reason);
  // Out of disk: the transaction rolled back whole; out of memory: a moment later may do.
  const exhausted = exhaustion(error);
  if (exhausted === 'disk full') return new StorageFullError();
  if (exhausted === 'out of memory') return new ServerBusyError();
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type === 'string' && BODY_PARSER_ERRORS[type]) return BODY_PARSER_ERRORS[type];
  // Errors from Express's own middleware (static files, body parsing) carry a client status.
  if (status === 404) return new NotFoundError();
  // A URL whose path cannot even be decoded names nothing we host.
  if (status === 400 && error instanceof URIError) return new NotFoundError();
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('bad_request', status, 'errors:bad_request');
  }
  return undefined;
}

/**
 * A write refused because a tenant is being moved (its transactions are read-only and its tables
 * locked: tenancy/move.ts), answered as the door answers it: 503 with Retry-After. Only that binding
 * makes a transaction read-only, so a read-only refusal means it wherever it happens (a platform
 * page auditing a look into that tenant, say); a lock wait that ran out means it only for a request
 * into a moving tenant.
 */
export function refusedWhileMoving(error: unknown, req: Pick<Request, 'tenant'>): AppError | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === '25006') return new TenantMovingError(req.tenant?.slug);
  if (code === '55P03' && req.tenant?.moving) return new TenantMovingError(req.tenant.slug);
  return undefined;
}

export function wantsProblemJson(req: Request): boolean {
  const path = req.originalUrl.split('?')[0] ?? '';
  return /\/api(\/|$)/.test(path) || req.accepts(['html', 'json']) === 'json';
}

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export function errorHandler(instance: i18n, logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = asAppError(error) ?? refusedWhileMoving(error, req);
    if (!req.t) applyLanguage(instance, req, res);
    const { lng, t } = req;
    const message = requestMessages(req);
    const status = known?.status ?? 500;
    const requestId = typeof req.id === 'string' ? req.id : '';
    if (!known) {
      // pino-http's request logger, when it ran: the line also names the method and the URL, with
      // its secrets blanked like every request line (http/request-log.ts, logger.ts).
      const log = (req as { log?: Logger }).log ?? logger;
      log.error({ err: error, requestId, tenant: req.tenant?.slug }, 'unexpected error');
    } else if (known instanceof ServerBusyError) {
      logger.warn({ requestId, tenant: req.tenant?.slug }, 'no database connection came free in time');
    } else if (known instanceof StorageFullError) {
      // Every write fails until operators make room: they must hear of it at once.
      logger.error({ err: error, requestId, tenant: req.tenant?.slug }, 'storage full: nothing stored');
    } else if (known instanceof DatabaseUnavailableError) {
      logger.warn({ requestId, tenant: req.tenant?.slug, reason: known.reason }, 'database unavailable');
    }
    if (known?.retryAfterSeconds) res.set('Retry-After', String(known.retryAfterSeconds));
    const title = known ? message(known.key, known.params) : t('errors:internal');
    if (wantsProblemJson(req)) {
      res
        .status(status)
        .type('application/problem+json')
        .json({
          type: `urn:koneps:problem:${known?.id ?? 'internal'}`,
          title,
          status,
          instance: req.originalUrl,
          requestId,
          ...known?.extensions,
          ...(known && known.details.length > 0
            ? {
                errors: known.details.map((d) => ({ field: d.field, code: d.key, message: message(d.key, d.params) })),
              }
            : {}),
        });
      return;
    }
    const page = {
      lng,
      title,
      status,
      requestId,
      message: known
        ? message(`${known.key}_detail`, { ...known.params, defaultValue: '' })
        : t('errors:internal_detail'),
    };
    res.status(status).render('errors/error', page, (renderError: Error | null, html?: string) => {
      if (!renderError) return void res.send(html);
      // The error page itself failed: plain text, still without internals.
      logger.error({ err: renderError, requestId }, 'error page failed to render');
      res.type('text/plain').send(`${title}\n${t('errors:request_id', { id: requestId })}\n`);
    });
  };
}
