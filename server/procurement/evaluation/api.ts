/** The evaluation API: committee, declarations, technical scores, qualification reviews, results. */
import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy, signedInRoute } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { committeeService } from './committee.js';
import { lowestPriceService } from './lowest-price.js';
import { negotiatedService } from './negotiated.js';
import { visibleResult } from './read.js';

export const Assign = z.object({ email: z.email().max(320) });
export const Decline = z.object({ reason: z.string().trim().min(5).max(2000) });
export const Score = z.object({ bidId: z.uuid(), scores: z.record(z.string(), z.union([z.number(), z.string()])) });
export const Review = z.object({
  bidId: z.uuid(),
  score: z.coerce.number().min(0, { error: 'evaluation:review_range' }).max(100, { error: 'evaluation:review_range' }),
  reasons: z.string().trim().min(5).max(8000),
});

export function evaluationApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const committee = committeeService(services);
  const negotiated = negotiatedService(services);
  const lowest = lowestPriceService(services);
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  const route = doc.tagged('evaluation');

  route(
    'post',
    '/notices/{id}/evaluators',
    'Assign an evaluator (a user with the evaluator role) to the committee',
    { '201': { description: 'Assigned' } },
    Assign,
  );
  router.post('/notices/:id/evaluators', requirePolicy('notices:manage'), async (req, res) => {
    const { email } = parseInput(Assign, req.body ?? {});
    res.status(201).json({ id: await committee.assign(req.tenant!, req.user!, auditContextOf(req), id(req), email) });
  });

  route(
    'post',
    '/notices/{id}/evaluation/declaration',
    'Declare no conflict of interest with the named bidders (before any bid content is shown)',
    { '204': { description: 'Declared' } },
  );
  router.post('/notices/:id/evaluation/declaration', requirePolicy('evaluation:take-part'), async (req, res) => {
    await committee.declare(req.tenant!, req.user!, auditContextOf(req), id(req));
    res.status(204).end();
  });

  route(
    'post',
    '/notices/{id}/evaluation/decline',
    'Decline (a conflict of interest): leaves the committee',
    { '204': { description: 'Declined' } },
    Decline,
  );
  router.post('/notices/:id/evaluation/decline', requirePolicy('evaluation:take-part'), async (req, res) => {
    const { reason } = parseInput(Decline, req.body ?? {});
    await committee.decline(req.tenant!, req.user!, auditContextOf(req), id(req), reason);
    res.status(204).end();
  });

  route(
    'get',
    '/notices/{id}/evaluation/proposals',
    'The technical proposals (declared evaluators of a negotiated tender)',
    { '200': { description: 'Proposals' }, '403': { description: 'No declaration yet' } },
  );
  router.get('/notices/:id/evaluation/proposals', requirePolicy('evaluation:take-part'), async (req, res) => {
    res.json({ proposals: await negotiated.proposals(req.tenant!, req.user!, auditContextOf(req), id(req)) });
  });

  route(
    'post',
    '/notices/{id}/evaluation/scores',
    "Score one bid on the notice's technical criteria (0 to each criterion's maximum)",
    { '201': { description: 'Scored' }, '422': { description: 'A score outside its range' } },
    Score,
  );
  router.post('/notices/:id/evaluation/scores', requirePolicy('evaluation:take-part'), async (req, res) => {
    const { bidId, scores } = parseInput(Score, req.body ?? {});
    res.status(201).json(await negotiated.score(req.tenant!, req.user!, auditContextOf(req), id(req), bidId, scores));
  });

  route('get', '/notices/{id}/evaluation/scores', "Your technical scores; everyone's once all evaluators have scored", {
    '200': { description: 'Score sheet' },
  });
  router.get('/notices/:id/evaluation/scores', signedInRoute, async (req, res) => {
    res.json(await negotiated.scoreSheet(req.tenant!, req.user!, id(req)));
  });

  route(
    'post',
    '/notices/{id}/evaluation/finalize',
    'Close the technical evaluation, open the price envelopes and compute the score table',
    { '200': { description: 'Score table' }, '409': { description: 'Scores missing' } },
  );
  router.post('/notices/:id/evaluation/finalize', requirePolicy('notices:manage'), async (req, res) => {
    res.json(await negotiated.finalize(req.tenant!, req.user!, auditContextOf(req), id(req)));
  });

  route(
    'get',
    '/notices/{id}/evaluation/lowest-price',
    'Lowest price order: floor-rate exclusions, reviews so far, the next bid to review',
    { '200': { description: 'State' } },
  );
  router.get('/notices/:id/evaluation/lowest-price', requirePolicy('notices:manage'), async (req, res) => {
    res.json(await lowest.state(req.tenant!, id(req)));
  });

  route(
    'post',
    '/notices/{id}/evaluation/reviews',
    'Record the qualification review of the next bid in price order',
    { '201': { description: 'Reviewed' }, '422': { description: 'Not the next bid, or a score outside 0..100' } },
    Review,
  );
  router.post('/notices/:id/evaluation/reviews', requirePolicy('notices:manage'), async (req, res) => {
    const input = parseInput(Review, req.body ?? {});
    res.status(201).json(await lowest.review(req.tenant!, req.user!, auditContextOf(req), id(req), input));
  });

  route(
    'get',
    '/notices/{id}/evaluation/result',
    'The score table and the rule versions it applied (public once an award is published)',
    { '200': { description: 'Result' }, '404': { description: 'None (yet)' } },
    undefined,
    false,
  );
  router.get('/notices/:id/evaluation/result', publicRoute, async (req, res) => {
    const result = await visibleResult(req, id(req));
    if (!result) throw new NotFoundError('result_not_found', 'evaluation:no_result');
    res.json(result);
  });
  return router;
}
