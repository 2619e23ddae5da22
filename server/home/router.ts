/** A tenant's home page, its branding stylesheet and its public description in the API. */
import { Router } from 'express';
import { z } from 'zod';
import { currencyName, formatDateTime, formatList, timeZoneName, weekdayNames } from '../i18n/format.js';
import { publicRoute } from '../identity/policy.js';
import type { ApiDoc } from '../http/api-doc-legacy.js';
import { tenantDisplayName as displayName } from '../http/tenant-locals.js';
import { tenantOverview } from './service.js';

export function homePages(): Router {
  const router = Router();

  router.get('/', publicRoute, async (req, res) => {
    const tenant = req.tenant!;
    const overview = await tenantOverview(tenant);
    const { timeZone, numberingSystem, weekend } = tenant.config;
    res.render('home/tenant', {
      title: displayName(tenant, req.lng),
      serverTime: formatDateTime(overview.serverTime, req.lng, timeZone, numberingSystem),
      serverTimeIso: overview.serverTime.toISOString(),
      timeZone,
      timeZoneName: timeZoneName(timeZone, req.lng),
      currency: `${currencyName(tenant.config.currency, req.lng)} (${tenant.config.currency})`,
      weekend: formatList(weekdayNames(weekend, req.lng), req.lng),
    });
  });

  router.get('/branding.css', publicRoute, (req, res) => {
    const { primaryColor, accentColor } = req.tenant!.config.branding;
    res
      .type('text/css')
      .set('Cache-Control', 'public, max-age=300')
      .send(`:root { --brand: ${primaryColor}; --accent: ${accentColor}; }\n`);
  });

  return router;
}

const TenantDescription = z.object({
  slug: z.string(),
  instanceSlug: z.string(),
  name: z.string(),
  provisionedAt: z.string(),
  serverTime: z.string(),
  defaultLanguage: z.string(),
  languages: z.array(z.string()),
  currency: z.string(),
  timeZone: z.string(),
  weekend: z.array(z.string()),
});

export function homeApi(doc: ApiDoc): Router {
  const router = Router();
  doc.add({
    method: 'get',
    path: '/tenant',
    tag: 'tenant',
    summary: "This procurement system: languages, currency, time zone, weekend and the server's time",
    authenticated: false,
    responses: { '200': { description: 'The tenant', schema: TenantDescription } },
  });
  router.get('/tenant', publicRoute, async (req, res) => {
    const tenant = req.tenant!;
    const overview = await tenantOverview(tenant);
    res.json({ ...overview, name: displayName(tenant, req.lng) });
  });
  return router;
}
