/**
 * What a request line in the log says (pino-http serializers): id, method, the URL, the headers an
 * operator reads (host, user agent, referrer, forwarding, size), the client address, then the
 * status and the response's type, size and redirect. Not every header: serializing, redacting and
 * writing them all was the largest part of a request line's cost, and cookies and credentials
 * have no business in a log anyway. One-time tokens travel in URLs
 * (`/password/reset?token=…`, `/verify-email?token=…`, `/invitation?token=…`), so the URL, the
 * Referer and a redirect's Location keep their path and every other parameter but lose those
 * values. Credential headers (Authorization, Cookie, Set-Cookie, X-CSRF-Token) are removed by the
 * logger's own redaction (logger.ts), which covers every line, not only these.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { stdSerializers, type SerializedRequest, type SerializedResponse } from 'pino';
import { pinoHttp } from 'pino-http';
import { REDACTED, type Logger } from '../logger.js';

/**
 * Query parameters whose value is a secret: one-time link tokens, a CSRF token, a password sent by
 * a form that fell back to GET. Matched also percent-encoded, inside a parameter such as `next=`
 * that carries another URL.
 */
const SECRET_PARAMETER = /((?:[?&;]|%3F|%26)(?:token|_csrf|password)(?:=|%3D))(?:(?!%26|%23)[^&;#])*/gi;

/** The URL with the value of every secret query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMETER, `$1${REDACTED}`);
}

const REQUEST_HEADERS = ['host', 'user-agent', 'referer', 'x-forwarded-for', 'x-forwarded-proto', 'content-length'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'location'];

/** The named headers that are present; a URL among them (referer, location) loses its secrets. */
function pickHeaders(headers: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) continue;
    picked[name] = (name === 'referer' || name === 'location') && typeof value === 'string' ? redactUrl(value) : value;
  }
  return picked;
}

/** pino-http `serializers`: applied after its standard ones, to the objects they produce. */
export const requestLogSerializers = {
  // The query and route parameters are left out: the URL holds them (redacted), and at the app's
  // first middleware no route has matched yet.
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    url: redactUrl(req.url),
    headers: pickHeaders(req.headers, REQUEST_HEADERS),
    remoteAddress: req.remoteAddress,
    remotePort: req.remotePort,
  }),
  res: (res: SerializedResponse) => ({
    statusCode: res.statusCode,
    headers: pickHeaders(res.headers, RESPONSE_HEADERS),
  }),
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is a plain token, else a new one; sent back in the response. */
function requestId(req: Request, res: Response): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * One line per request (pino-http) when the logger is at `info` or below. Above it (`npm start`
 * logs at warn) no request line is written, and pino-http's work on every request, a child logger
 * with the request serialized, redacted and stringified before anything is known to be logged, is
 * skipped: the request gets its id, and `req.log` is made only when an error is logged.
 */
export function requestLogging(logger: Logger): RequestHandler {
  const withTenant = (req: unknown, line: object) => ({ ...line, tenant: (req as Request).tenant?.slug });
  const lines = pinoHttp({
    logger,
    genReqId: (req, res) => requestId(req as Request, res as Response),
    // The tenant is known only once routing has resolved it: added to the line itself, at the end.
    // (customProps would build two more child loggers per request for it.)
    customSuccessObject: (req, _res, line: object) => withTenant(req, line),
    customErrorObject: (req, _res, _error, line: object) => withTenant(req, line),
    // Tokens in URLs are blanked here; credential headers by the logger's redaction (logger.ts).
    serializers: requestLogSerializers,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
  const serializers = { req: stdSerializers.wrapRequestSerializer(requestLogSerializers.req) };
  return (req: Request, res: Response, next: NextFunction) => {
    if (logger.isLevelEnabled('info')) return lines(req, res, next);
    req.id = requestId(req, res);
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (log ??= logger.child({ req }, { serializers })),
    });
    next();
  };
}
