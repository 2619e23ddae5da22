/**
 * What a request line in the log says (pino-http serializers): id, method, the URL, headers, the
 * client address, then the status and response headers. One-time tokens travel in URLs
 * (`/password/reset?token=…`, `/verify-email?token=…`, `/invitation?token=…`), so the URL, the
 * Referer and a redirect's Location keep their path and every other parameter but lose those
 * values. Credential headers (Authorization, Cookie, Set-Cookie, X-CSRF-Token) are removed by the
 * logger's own redaction (logger.ts), which covers every line, not only these.
 */
import type { SerializedRequest, SerializedResponse } from 'pino';
import { REDACTED } from '../logger.js';

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
