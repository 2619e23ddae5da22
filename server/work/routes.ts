/** The work page: where a signed-in user lands, with what each of their roles has waiting. */
import { Router } from 'express';
import { requirePolicy } from '../identity/policy.js';
import { readWork } from './read.js';
import { workPageModel } from './view.js';

export function workPages(): Router {
  const router = Router();
  router.get('/work', requirePolicy('account:use'), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.render('work/page', workPageModel(req, await readWork(req.actor)));
  });
  return router;
}
