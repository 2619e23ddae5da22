/**
 * Picks the language of a request, first match wins: the signed-in user's saved preference, an
 * explicit `?lng=` switch (remembered in a cookie, and saved as the user's preference by
 * identity/language-preference.ts), the cookie, `Accept-Language` within the tenant's supported
 * languages, the tenant's default. Outside a tenant every shipped language is allowed and
 * English is the default.
 */
import type { NextFunction, Request, Response } from 'express';
import type { i18n } from 'i18next';
import { directionOf, isLanguage, LANGUAGES, NATIVE_NAMES, type Language } from '../i18n/languages.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { PSEUDO_LANGUAGE, pseudoEnabled } from '../i18n/pseudo.js';
import { tenantDisplayName } from './tenant-locals.js';

export const LANGUAGE_COOKIE = 'lng';
const YEAR_MS = 365 * 24 * 3600 * 1000;

export function chooseLanguage(req: Request, res: Response, preferred?: string | null): Language {
  const supported: readonly Language[] = req.tenant?.config.locales.supported ?? LANGUAGES;
  const fallback: Language = req.tenant?.config.locales.default ?? 'en';
  const allowed = (v: unknown): v is Language => isLanguage(v) && supported.includes(v);
  const switched = req.query[LANGUAGE_COOKIE];
  // A switch made now wins over the saved preference (and becomes it).
  if (allowed(preferred) && !allowed(switched)) return preferred;
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

/**
 * Development's pseudo-locale (i18n/pseudo.ts): `?lng=en-XA`, remembered in the cookie until
 * another switch. Only an instance created with it has it, so elsewhere the switch is ignored.
 */
function wantsPseudo(instance: i18n, req: Request, res: Response): boolean {
  if (!pseudoEnabled(instance)) return false;
  const switched = req.query[LANGUAGE_COOKIE];
  if (switched === PSEUDO_LANGUAGE) {
    res.cookie(LANGUAGE_COOKIE, PSEUDO_LANGUAGE, { sameSite: 'lax', httpOnly: true, path: '/' });
    return true;
  }
  return (
    switched === undefined &&
    (req.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE] === PSEUDO_LANGUAGE
  );
}

/**
 * Sets req.lng/req.t and the view locals every layout needs (lang, dir, tenant name, language
 * switcher); `views: false` leaves the locals out, for the JSON API, which renders no page.
 */
export function applyLanguage(
  instance: i18n,
  req: Request,
  res: Response,
  preferred?: string | null,
  { views } = { views: true },
): void {
  // The pseudo-locale is English with pseudo-localized interface strings.
  const pseudo = wantsPseudo(instance, req, res);
  const lng = pseudo ? 'en' : chooseLanguage(req, res, preferred);
  req.lng = lng;
  // The tenant's own terminology (i18n/terminology.ts) over the shipped locale.
  req.t = pseudo ? instance.getFixedT(PSEUDO_LANGUAGE) : tenantTranslator(instance, req.tenant, lng);
  if (!views) return;
  const supported = req.tenant?.config.locales.supported ?? LANGUAGES;
  res.locals.lng = pseudo ? PSEUDO_LANGUAGE : lng;
  res.locals.dir = directionOf(lng);
  res.locals.t = req.t;
  // Here, not once per request: a signed-in user's saved language may replace the first choice.
  if (req.tenant) res.locals.tenantName = tenantDisplayName(req.tenant, lng);
  // The switcher keeps the page's other parameters (a search, an e-mailed link's token).
  const query = req.originalUrl.indexOf('?');
  const kept = new URLSearchParams(query < 0 ? '' : req.originalUrl.slice(query + 1));
  kept.delete('lng');
  res.locals.languageQuery = kept.size > 0 ? `${kept.toString()}&` : '';
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
