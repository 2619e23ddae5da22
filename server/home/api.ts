/** The tenant's public description in the API. */
import { Router } from 'express';
import { operations } from '../http/operation.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { publicRoute } from '../identity/policy.js';
import { readTenantOverview } from './read.js';
import { TenantDescription } from './schema.js';

const operation = operations('tenant');

export function homeApi(): Router {
  const router = Router();
  router.get(
    '/tenant',
    operation({
      id: 'getTenant',
      summary: "This procurement system: languages, currency, time zone, weekend and the server's time",
      responses: { 200: { description: 'The tenant', schema: TenantDescription } },
    }),
    publicRoute,
    async (req, res) => {
      const overview = await readTenantOverview(req.actor);
      res.json({ ...overview, name: tenantDisplayName(req.actor.tenant, req.lng) });
    },
  );
  return router;
}
