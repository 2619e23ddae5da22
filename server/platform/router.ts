/** The platform's own front page: the partner governments hosted here, with links to each. */
import { Router } from 'express';
import { publicRoute } from '../identity/policy.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { hostedTenants } from './tenants-read.js';

export function platformRouter(tenancy: Tenancy): Router {
  const router = Router();
  router.get('/', publicRoute, async (req, res) => {
    res.render('platform/index', { title: req.t('platform:title'), tenants: await hostedTenants(tenancy, req.lng) });
  });
  return router;
}
