/**
 * The integrity pages: the auditors' dashboard (`/integrity`, filter by flag), a tender's and a
 * supplier's flags, and the public list (`/integrity/public`), which exists only where the
 * tenant's config publishes red flags.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { IdParams } from '../http/params.js';
import { parsedQuery, validate } from '../http/validate.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import { readDashboard, readPublicFlags, readSupplierFlags, readTenderFlags } from './read.js';
import { DashboardQuery } from './schema.js';
import { dashboardPage, publicPage, supplierPage, tenderPage } from './view.js';

/** Flags name suppliers before any finding: never kept by a browser or a proxy cache. */
const noStore = (_req: Request, res: Response, next: NextFunction) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const byId = validate({ params: IdParams });

export function integrityPages(): Router {
  const router = Router();
  router.get('/integrity/public', publicRoute, async (req, res) => {
    res.render('integrity/public', publicPage(req, await readPublicFlags(req.actor)));
  });
  router.get(
    '/integrity',
    requirePolicy('integrity:read'),
    noStore,
    validate({ query: DashboardQuery }),
    async (req: Request, res: Response) => {
      const { flag } = parsedQuery(req, DashboardQuery);
      res.render('integrity/dashboard', dashboardPage(req, await readDashboard(req.actor, { flag }), flag));
    },
  );
  router.get(
    '/integrity/tenders/:id',
    requirePolicy('integrity:read'),
    noStore,
    byId,
    async (req: Parameters<typeof byId>[0], res: Response) => {
      res.render('integrity/tender', tenderPage(req, await readTenderFlags(req.actor, req.params.id)));
    },
  );
  router.get(
    '/integrity/suppliers/:id',
    requirePolicy('integrity:read'),
    noStore,
    byId,
    async (req: Parameters<typeof byId>[0], res: Response) => {
      res.render('integrity/supplier', supplierPage(req, await readSupplierFlags(req.actor, req.params.id)));
    },
  );
  return router;
}
