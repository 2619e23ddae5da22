/** A tenant's home page and its branding stylesheet. */
import { Router } from 'express';
import { publicRoute } from '../identity/policy.js';
import { readTenantOverview } from './read.js';
import { brandingCss, homePageModel } from './view.js';

export function homePages(): Router {
  const router = Router();

  router.get('/', publicRoute, async (req, res) => {
    const overview = await readTenantOverview(req.actor);
    res.render('home/tenant', homePageModel(req, overview));
  });

  router.get('/branding.css', publicRoute, (req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(brandingCss(req));
  });

  return router;
}
