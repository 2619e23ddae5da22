/** What the tenant's home page shows, in the reader's language and the tenant's time zone. */
import type { Request } from 'express';
import { currencyName, formatDateTime, formatList, timeZoneName, weekdayNames } from '../i18n/format.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import type { TenantOverview } from './read.js';

export function homePageModel(req: Request, overview: TenantOverview) {
  const { tenant } = req.actor;
  const { timeZone, numberingSystem, weekend, currency } = tenant.config;
  return {
    title: tenantDisplayName(tenant, req.lng),
    serverTime: formatDateTime(overview.serverTime, req.lng, timeZone, numberingSystem),
    serverTimeIso: overview.serverTime.toISOString(),
    timeZone,
    timeZoneName: timeZoneName(timeZone, req.lng),
    currency:
      currencyName(currency, req.lng) === currency ? currency : `${currencyName(currency, req.lng)} (${currency})`,
    weekend: formatList(weekdayNames(weekend, req.lng), req.lng),
  };
}

/** The tenant's colours as CSS custom properties. */
export function brandingCss(req: Request): string {
  const { primaryColor, accentColor } = req.actor.tenant.config.branding;
  return `:root { --brand: ${primaryColor}; --accent: ${accentColor}; }\n`;
}
