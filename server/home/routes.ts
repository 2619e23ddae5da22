/** A tenant's home page, its help and privacy pages, and its branding stylesheet. */
import { Router } from 'express';
import { publicRoute } from '../identity/policy.js';
import { readFrontPage } from './front-page.js';
import { brandingCss, helpPageModel, homePageModel, privacyPageModel } from './view.js';

export function homePages(): Router {
  const router = Router();

  router.get('/', publicRoute, async (req, res) => {
    res.render('home/tenant', homePageModel(req, await readFrontPage(req.actor)));
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
