/** A tenant's home page, its branding stylesheet and its public description in the API. */
import { Router } from 'express';
import { currencyName, formatDateTime, weekdayNames } from '../i18n/format.js';
import { tenantDisplayName as displayName } from '../http/tenant-locals.js';
import { tenantOverview } from './service.js';

export function homeRouter(): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const tenant = req.tenant!;
    const overview = await tenantOverview(tenant);
    const { timeZone, numberingSystem, weekend } = tenant.config;
    res.render('home/tenant', {
      title: displayName(tenant, req.lng),
      serverTime: formatDateTime(overview.serverTime, req.lng, timeZone, numberingSystem),
      serverTimeIso: overview.serverTime.toISOString(),
      timeZone,
      currency: `${currencyName(tenant.config.currency, req.lng)} (${tenant.config.currency})`,
      weekend: weekdayNames(weekend, req.lng).join(', '),
    });
  });

  router.get('/branding.css', (req, res) => {
    const { primaryColor, accentColor } = req.tenant!.config.branding;
    res
      .type('text/css')
      .set('Cache-Control', 'public, max-age=300')
      .send(`:root { --brand: ${primaryColor}; --accent: ${accentColor}; }\n`);
  });

  router.get('/api/v1/tenant', async (req, res) => {
    const tenant = req.tenant!;
    const overview = await tenantOverview(tenant);
    res.json({ ...overview, name: displayName(tenant, req.lng) });
  });

  return router;
}
