/**
 * CSRF protection for every state-changing form (csrf-csrf, double-submit cookie bound to the
 * session). Forms carry the token in `_csrf`; bearer-token API calls carry no cookies and skip it.
 */
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { CsrfInvalidError } from './errors.js';
import { claimSession, startSession } from './session.js';

function isApiPath(url: string): boolean {
  return /\/api(\/|$)/.test(url.split('?')[0] ?? '');
}

/** `secure`: cookies only over HTTPS (production, behind TLS). */
export function csrfProtection(secret: string, secure: boolean) {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.session.id,
    cookieName: 'koneps.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const fromForm = (req.body as Record<string, unknown> | undefined)?._csrf;
      const fromHeader = req.headers['x-csrf-token'];
      return typeof fromForm === 'string' ? fromForm : typeof fromHeader === 'string' ? fromHeader : undefined;
    },
    // Bearer-token calls carry no cookies, so nothing to forge: but only on the API, where the
    // token is what authenticates; a page request is judged by its cookies whatever else it sends.
    skipCsrfProtection: (req) =>
      isApiPath(req.originalUrl) &&
      typeof req.headers.authorization === 'string' &&
      req.headers.authorization.startsWith('Bearer '),
  });
  return {
    /** Refuses a state-changing request without a valid token (403 page / problem). */
    protect: (req: Request, res: Response, next: NextFunction) => {
      doubleCsrfProtection(req, res, (error?: unknown) => next(error ? new CsrfInvalidError() : undefined));
    },
    /** Makes `csrfToken` available to the page being rendered. */
    token: (req: Request, res: Response, next: NextFunction) => {
      // Once a request: signed-in pages get theirs before the route's own step.
      if (res.locals.csrfToken) return next();
      startSession(req, (error?: unknown) => {
        if (error) return next(error);
        claimSession(req);
        req.session.csrf = true;
        res.locals.csrfToken = generateCsrfToken(req, res);
        next();
      });
    },
  };
}
