/**
 * A signed-in user's language is theirs: it is applied on every page and API call, and a switch
 * (`?lng=`) made on a page while signed in becomes the saved preference, so it sticks on every
 * device and in the e-mails the user receives. On the API `?lng=` only chooses the language of
 * that one response (apiLanguage).
 */
import type { NextFunction, Request, Response } from 'express';
import type { i18n } from 'i18next';
import { applyLanguage, LANGUAGE_COOKIE } from '../http/language.js';
import { isLanguage } from '../i18n/languages.js';
import { inTenant } from '../tenancy/tenant-context.js';

export function userLanguage(instance: i18n, options: { persist: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = req.user;
    if (!user || !req.tenant) return next();
    const switched = req.query[LANGUAGE_COOKIE];
    const supported = req.tenant.config.locales.supported;
    if (options.persist && isLanguage(switched) && supported.includes(switched) && switched !== user.locale) {
      // A tenant being moved takes no writes (its tables are locked): the switch holds for this page.
      if (req.tenant.moving) {
        applyLanguage(instance, req, res, switched);
        return next();
      }
      inTenant(req.tenant, (tx) => tx('users').where({ id: user.id }).update({ locale: switched }))
        .then(() => {
          user.locale = switched;
          applyLanguage(instance, req, res, switched);
          next();
        })
        .catch(next);
      return;
    }
    applyLanguage(instance, req, res, user.locale);
    next();
  };
}

/**
 * The API's language, chosen once per call after bearer authentication: `?lng=` for this response,
 * else the account's saved language, then the cookie, Accept-Language and the tenant's default,
 * as on pages. No view locals: the API renders no page (its errors are problem+json).
 */
export function apiLanguage(instance: i18n) {
  return (req: Request, res: Response, next: NextFunction): void => {
    applyLanguage(instance, req, res, req.user?.locale, { views: false });
    next();
  };
}
