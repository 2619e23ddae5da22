/** The evaluation API: committee, declarations, technical scores, qualification reviews, results. */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy, signedInRoute } from '../../identity/policy.js';
import { committeeService } from './committee.js';
import { lowestPriceService } from './lowest-price.js';
import { negotiatedService } from './negotiated.js';
import { readResult } from './read.js';
import {
  Assign,
  Assigned,
  Decline,
  LowestPriceState,
  Proposals,
  Result,
  Review,
  Reviewed,
  Score,
  Scored,
  ScoreSheet,
  StoredResult,
} from './schema.js';

const operation = operations('evaluation');
const notice = validate({ params: IdParams });
const assign = validate({ params: IdParams, body: Assign });
const decline = validate({ params: IdParams, body: Decline });
const score = validate({ params: IdParams, body: Score });
const review = validate({ params: IdParams, body: Review });

type NoticeRequest = Parameters<typeof notice>[0];

/** The committee: assignments, declarations, declines. */
function committeeRoutes(router: Router, deps: Deps): void {
  const committee = committeeService(deps);
  router.post(
    '/notices/:id/evaluators',
    operation({
      id: 'assignEvaluator',
      summary: 'Assign an evaluator (a user with the evaluator role) to the committee',
      responses: { 201: { description: 'Assigned', schema: Assigned } },
    }),
    requirePolicy('notices:manage'),
    assign,
    async (req: Parameters<typeof assign>[0], res: Response) => {
      res.status(201).json({ id: await committee.assign(req.actor, req.params.id, req.body) });
    },
  );
  router.post(
    '/notices/:id/evaluation/declaration',
    operation({
      id: 'declareNoConflict',
      summary: 'Declare no conflict of interest with the named bidders (before any bid content is shown)',
      responses: { 204: 'Declared', 409: 'Not opened yet, or the seat is blocked by a conflict of interest' },
    }),
    requirePolicy('evaluation:take-part'),
    notice,
    async (req: NoticeRequest, res: Response) => {
      await committee.declare(req.actor, req.params.id);
      res.status(204).end();
    },
  );
  router.post(
    '/notices/:id/evaluation/decline',
    operation({
      id: 'declineEvaluation',
      summary: 'Decline (a conflict of interest): leaves the committee',
      responses: { 204: 'Declined', 409: 'Already declared' },
    }),
    requirePolicy('evaluation:take-part'),
    decline,
    async (req: Parameters<typeof decline>[0], res: Response) => {
      await committee.decline(req.actor, req.params.id, req.body);
      res.status(204).end();
    },
  );
}

/** The technical proposals and scores of a negotiated tender. */
function scoringRoutes(router: Router, deps: Deps): void {
  const negotiated = negotiatedService(deps);
  router.get(
    '/notices/:id/evaluation/proposals',
    operation({
      id: 'listProposals',
      summary: 'The technical proposals (declared evaluators of a negotiated tender)',
      responses: { 200: { description: 'Proposals', schema: Proposals }, 409: 'Not in evaluation' },
    }),
    requirePolicy('evaluation:take-part'),
    notice,
    async (req: NoticeRequest, res: Response) => {
      res.json({ proposals: await negotiated.proposals(req.actor, req.params.id) });
    },
  );
  router.post(
    '/notices/:id/evaluation/scores',
    operation({
      id: 'scoreBid',
      summary: "Score one bid on the notice's technical criteria (0 to each criterion's maximum)",
      responses: { 201: { description: 'Scored', schema: Scored }, 409: 'Scored already, or the evaluation closed' },
    }),
    requirePolicy('evaluation:take-part'),
    score,
    async (req: Parameters<typeof score>[0], res: Response) => {
      res.status(201).json(await negotiated.score(req.actor, req.params.id, req.body));
    },
  );
  router.get(
    '/notices/:id/evaluation/scores',
    operation({
      id: 'getScoreSheet',
      summary: "Your technical scores; everyone's once all evaluators have scored",
      responses: { 200: { description: 'Score sheet', schema: ScoreSheet } },
    }),
    signedInRoute,
    notice,
    async (req: NoticeRequest, res: Response) => {
      res.json(await negotiated.scoreSheet(req.actor, req.params.id));
    },
  );
}

/** Closing the evaluation (either method) and its result. */
function resultRoutes(router: Router, deps: Deps): void {
  const negotiated = negotiatedService(deps);
  const lowest = lowestPriceService(deps);
  router.post(
    '/notices/:id/evaluation/finalize',
    operation({
      id: 'finalizeTechnicalEvaluation',
      summary: 'Close the technical evaluation, open the price envelopes and compute the score table',
      responses: { 200: { description: 'Score table', schema: Result }, 409: 'Scores missing' },
    }),
    requirePolicy('notices:manage'),
    notice,
    async (req: NoticeRequest, res: Response) => {
      res.json(await negotiated.finalize(req.actor, req.params.id));
    },
  );
  router.get(
    '/notices/:id/evaluation/lowest-price',
    operation({
      id: 'getLowestPriceState',
      summary: 'Lowest price order: floor-rate exclusions, reviews so far, the next bid to review',
      responses: { 200: { description: 'State', schema: LowestPriceState }, 409: 'Not in evaluation' },
    }),
    requirePolicy('notices:manage'),
    notice,
    async (req: NoticeRequest, res: Response) => {
      res.json(await lowest.state(req.actor, req.params.id));
    },
  );
  router.post(
    '/notices/:id/evaluation/reviews',
    operation({
      id: 'reviewQualification',
      summary: 'Record the qualification review of the next bid in price order',
      responses: {
        201: { description: 'Reviewed', schema: Reviewed },
        409: 'The evaluation is final',
        422: 'Not the next bid, or a score outside 0..100',
      },
    }),
    requirePolicy('notices:manage'),
    review,
    async (req: Parameters<typeof review>[0], res: Response) => {
      res.status(201).json(await lowest.review(req.actor, req.params.id, req.body));
    },
  );
  router.get(
    '/notices/:id/evaluation/result',
    operation({
      id: 'getEvaluationResult',
      summary: 'The score table and the rule versions it applied (public once an award is published)',
      responses: { 200: { description: 'Result', schema: StoredResult }, 404: 'None (yet)' },
    }),
    publicRoute,
    notice,
    async (req: NoticeRequest, res: Response) => {
      res.json(await readResult(req.actor, req.params.id));
    },
  );
}

export function evaluationApi(deps: Deps): Router {
  const router = Router();
  committeeRoutes(router, deps);
  scoringRoutes(router, deps);
  resultRoutes(router, deps);
  return router;
}
