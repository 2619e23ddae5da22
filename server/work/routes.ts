/** The work page: where a signed-in user lands, with what each of their roles has waiting. */
import { Router } from 'express';
import { parsedQuery, validate } from '../http/validate.js';
import { requirePolicy } from '../identity/policy.js';
import { ProgressQuery } from '../targets/schema.js';
import { readWork } from './read.js';
import { workPageModel } from './view.js';

export function workPages(): Router {
  const router = Router();
  router.get('/work', requirePolicy('account:use'), validate({ query: ProgressQuery }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const { asOf } = parsedQuery(req, ProgressQuery);
    res.render('work/page', workPageModel(req, await readWork(req.actor, { targetsAsOf: asOf })));
  });
  return router;
}
