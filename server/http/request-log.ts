/**
 * What a request line in the log says (pino-http serializers): id, method, the URL, headers, the
 * client address, then the status and response headers. One-time tokens travel in URLs
 * (`/password/reset?token=…`, `/verify-email?token=…`, `/invitation?token=…`), so the URL, the
 * Referer and a redirect's Location keep their path and every other parameter but lose those
 * values. Credential headers (Authorization, Cookie, Set-Cookie, X-CSRF-Token) are removed by the
 * logger's own redaction (logger.ts), which covers every line, not only these.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { SerializedRequest, SerializedResponse } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
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

function redactHeader(headers: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = headers[name];
  return typeof value === 'string' ? { ...headers, [name]: redactUrl(value) } : headers;
}

/** pino-http `serializers`: applied after its standard ones, to the objects they produce. */
export const requestLogSerializers = {
  // The query and route parameters are left out: the URL holds them (redacted), and at the app's
  // first middleware no route has matched yet.
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    url: redactUrl(req.url),
    headers: redactHeader(req.headers, 'referer'),
    remoteAddress: req.remoteAddress,
    remotePort: req.remotePort,
  }),
  res: (res: SerializedResponse) => ({
    statusCode: res.statusCode,
    headers: redactHeader(res.headers, 'location'),
  }),
};

type RequestLogOptions = Options<IncomingMessage, ServerResponse> & {
  logger: Logger;
  genReqId: NonNullable<Options<IncomingMessage, ServerResponse>['genReqId']>;
  customProps: (req: IncomingMessage, res: ServerResponse) => Record<string, unknown>;
};

/**
 * pino-http, paid for only when its request line would be written. It builds two or three child
 * loggers per request, one of them serializing the whole request, and listens for the response's
 * end, even when the level drops the line (`npm start` logs at `warn`, production usually at
 * `info`). Below `info` a request gets its id (and the X-Request-Id header) as before, and
 * `req.log`, the request's logger that the error handler writes with, is built only if used.
 */
export function requestLog(options: RequestLogOptions): RequestHandler {
  const full = pinoHttp(options);
  const logger = full.logger;
  return (req, res, next) => {
    if (logger.isLevelEnabled('info')) return full(req, res, next);
    req.id = options.genReqId(req, res);
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (log ??= logger.child({ req }).child(options.customProps(req, res))),
      set: (value: Logger) => (log = value),
    });
    next();
  };
}
