/** The platform's own front page: the partner governments hosted here, with links to each. */
import { Router } from 'express';
import { publicRoute } from '../identity/policy.js';
import type { Tenancy } from '../tenancy/tenancy.js';

export function platformRouter(tenancy: Tenancy): Router {
  const router = Router();
  router.get('/', publicRoute, async (req, res) => {
    const records = (await tenancy.registry.list()).filter((r) => r.status === 'active');
    const tenants = records.flatMap((record) => {
      const handle = tenancy.handleFor(record);
      if (!handle) return [];
      const names = handle.config.names;
      const own = handle.config.locales.default;
      return [
        {
          slug: record.slug,
          name: names[req.lng] ?? names.en ?? names[own] ?? record.slug,
          nativeName: names[own] ?? record.slug,
          lang: own,
        },
      ];
    });
    res.render('platform/index', { title: req.t('platform:title'), tenants });
  });
  return router;
}
