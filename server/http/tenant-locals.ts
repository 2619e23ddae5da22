/**
 * View locals every tenant page needs: base path, branding, the operator's contacts, formats (its
 * name: http/language.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Language } from '../i18n/languages.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';

export function tenantDisplayName(tenant: TenantHandle, lng: Language): string {
  const names = tenant.config.names;
  return names[lng] ?? names[tenant.config.locales.default] ?? names.en ?? tenant.slug;
}

export function tenantLocals(req: Request, res: Response, next: NextFunction): void {
  const tenant = req.tenant!;
  // Under /t/<slug> links keep the prefix; on the tenant's own host they start at the root.
  res.locals.basePath = req.baseUrl;
  res.locals.brandingCss = `${req.baseUrl}/branding.css`;
  res.locals.identity = tenantIdentity(tenant);
  // A training sandbox says so on every page (views/layouts/main.hbs), with its moved time.
  res.locals.sandbox = tenant.kind === 'sandbox';
  // A tenant being moved to another server is read-only for a few minutes: every page says so.
  res.locals.moving = tenant.moving !== undefined;
  // What the formatting helpers ({{money}}, {{dateTime}}, {{deadline}}…) need to follow the tenant.
  res.locals.format = {
    currency: tenant.config.currency,
    timeZone: tenant.config.timeZone,
    numberingSystem: tenant.config.numberingSystem,
    // The tenant's clock (a training sandbox may run ahead), for "in 3 days" and the like.
    now: clockInstant(tenant.clock).toISOString(),
  };
  next();
}

/**
 * What the layout shows of the tenant on every page: its emblem and the operator's contacts (texts
 * in every language the config gives, picked in the template by `{{localized}}`).
 */
export function tenantIdentity(tenant: TenantHandle) {
  const { branding, contact, locales } = tenant.config;
  return {
    emblemUrl: `/static/emblems/${branding.emblem}`,
    defaultLanguage: locales.default,
    contact: contact && {
      ...contact,
      callCenterHref: `tel:${contact.callCenter.replace(/[^+0-9]/g, '')}`,
    },
  };
}
