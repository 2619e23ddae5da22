/**
 * Picks the language of a request, first match wins: an explicit `?lng=` switch (remembered in a
 * cookie), the cookie, `Accept-Language` within the tenant's supported languages, the tenant's
 * default. Outside a tenant every shipped language is allowed and English is the default.
 */
import type { NextFunction, Request, Response } from 'express';
import type { i18n } from 'i18next';
import { directionOf, isLanguage, LANGUAGES, NATIVE_NAMES, type Language } from '../i18n/languages.js';

export const LANGUAGE_COOKIE = 'lng';
const YEAR_MS = 365 * 24 * 3600 * 1000;

export function chooseLanguage(req: Request, res: Response): Language {
  const supported: readonly Language[] = req.tenant?.config.locales.supported ?? LANGUAGES;
  const fallback: Language = req.tenant?.config.locales.default ?? 'en';
  const allowed = (v: unknown): v is Language => isLanguage(v) && supported.includes(v);
  const switched = req.query[LANGUAGE_COOKIE];
  if (allowed(switched)) {
    res.cookie(LANGUAGE_COOKIE, switched, { maxAge: YEAR_MS, sameSite: 'lax', httpOnly: true, path: '/' });
    return switched;
  }
  const remembered = (req.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE];
  if (allowed(remembered)) return remembered;
  const accepted = req.acceptsLanguages(...supported);
  if (accepted && allowed(accepted)) return accepted;
  return fallback;
}

/** Sets req.lng/req.t and the view locals every layout needs (lang, dir, language switcher). */
export function applyLanguage(instance: i18n, req: Request, res: Response): void {
  const lng = chooseLanguage(req, res);
  req.lng = lng;
  req.t = instance.getFixedT(lng);
  const supported = req.tenant?.config.locales.supported ?? LANGUAGES;
  res.locals.lng = lng;
  res.locals.dir = directionOf(lng);
  res.locals.t = req.t;
  res.locals.languages = supported.map((code) => ({
    code,
    name: NATIVE_NAMES[code],
    dir: directionOf(code),
    current: code === lng,
  }));
}

export function localize(instance: i18n) {
  return (req: Request, res: Response, next: NextFunction) => {
    applyLanguage(instance, req, res);
    next();
  };
}
