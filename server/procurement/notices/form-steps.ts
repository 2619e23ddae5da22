/**
 * Two steps for the notice forms. A form page shown again after a refusal needs a fresh CSRF
 * token, also when the refusal came before the token step of its chain (an upload refused before
 * the CSRF check, which reads the token from the multipart body). And it fills the fields with
 * what was typed: validate() replaces the body with parsed values (dates, amounts in minor
 * units), so the form keeps the posted text before that, for a refusal that comes later.
 */
import type { NextFunction, Request, Response } from 'express';
import type { FormPage, FormRefusal } from '../../http/forms.js';
import type { csrfProtection } from '../../identity/csrf.js';

export type Csrf = ReturnType<typeof csrfProtection>;

export function withCsrfToken(csrf: Csrf, page: FormPage): FormPage {
  return async (req, res, refusal) => {
    await new Promise<void>((resolve) => csrf.token(req, res, () => resolve()));
    return page(req, res, refusal);
  };
}

const posted = new WeakMap<Request, Record<string, unknown>>();

/** A step before validate(): keeps the form as it was posted. */
export function keepPosted(req: Request, _res: Response, next: NextFunction): void {
  posted.set(req, { ...((req.body ?? {}) as Record<string, unknown>) });
  next();
}

/** What to fill the form's fields with after a refusal: the posted text. */
export function postedValues(req: Request, refusal: FormRefusal): Record<string, unknown> {
  return posted.get(req) ?? refusal.values;
}
