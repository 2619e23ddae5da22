/**
 * The tenant's regulations, read-only: every rule version with its dates, legal source and value,
 * and which version is in effect now. They change only through the tenant's reviewed config file.
 */
import { Router } from 'express';
import { requirePolicy } from '../identity/policy.js';
import { readRules } from './rules-read.js';
import { rulesView } from './rules-view.js';

export function rulesPages(): Router {
  const router = Router();
  router.get('/rules', requirePolicy('rules:read'), async (req, res) => {
    res.render('regulations/rules', rulesView(req, await readRules(req.actor)));
  });
  return router;
}
