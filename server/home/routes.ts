/** A tenant's home page, its help and privacy pages, and its branding stylesheet. */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { publicRoute } from '../identity/policy.js';
import { readFrontPage } from './front-page.js';
import { brandingCss, helpPageModel, homePageModel, privacyPageModel } from './view.js';

export function homePages(deps: Pick<Deps, 'demoWorld'>): Router {
  const router = Router();

  router.get('/', publicRoute, async (req, res) => {
    const page = homePageModel(req, await readFrontPage(req.actor));
    res.render('home/tenant', { ...page, demoWorldBuilding: deps.demoWorld.building(req.actor.tenant.slug) });
  });

  router.get('/help', publicRoute, (req, res) => {
    res.render('home/help', helpPageModel(req));
  });

  router.get('/privacy', publicRoute, (req, res) => {
    res.render('home/privacy', privacyPageModel(req));
  });

  router.get('/branding.css', publicRoute, (req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(brandingCss(req));
  });

  return router;
}
