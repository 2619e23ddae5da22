/** The award API: notice of award, finalization after the standstill, complaints and answers. */
import { answerAwaitingCheck, awaitingCheckResponse } from '../../approvals/awaiting-answer.js';
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { readAward } from './read.js';
import { Answer, AwardFinal, AwardPublished, Complaint, ComplaintFiled, PublicAward } from './schema.js';
import { awardsService } from './service.js';

const operation = operations('awards');
const notice = validate({ params: IdParams });
const complaint = validate({ params: IdParams, body: Complaint });
const answer = validate({ params: IdParams, body: Answer });

type NoticeRequest = Parameters<typeof notice>[0];

/** The notice of award and its finalization. */
function awardRoutes(router: Router, deps: Deps): void {
  const awards = awardsService(deps);

  router.post(
    '/notices/:id/award',
    operation({
      id: 'publishAward',
      summary: 'Publish the notice of award from the final evaluation; the standstill starts',
      responses: {
        201: { description: 'Award', schema: AwardPublished },
        202: awaitingCheckResponse,
        409: 'No final evaluation, already awarded, or a change to the notice waits for a second person',
      },
    }),
    requirePolicy('notices:manage'),
    notice,
    async (req: NoticeRequest, res: Response) => {
      const award = await awards.publish(req.actor, req.params.id);
      if (isAwaitingCheck(award)) return answerAwaitingCheck(req, res, award);
      res
        .status(201)
        .json({ id: award.id, status: award.status, standstillEndsAt: award.standstill_ends_at.toISOString() });
    },
  );

  router.get(
    '/notices/:id/award',
    operation({
      id: 'getAward',
      summary: 'The award, its standstill and the complaints with their answers',
      responses: { 200: { description: 'Award', schema: PublicAward } },
    }),
    publicRoute,
    notice,
    async (req: NoticeRequest, res: Response) => {
      res.json(await readAward(req.actor, req.params.id));
    },
  );

  router.post(
    '/notices/:id/award/finalize',
    operation({
      id: 'finalizeAward',
      summary: 'Make the award final (after the standstill, with no open complaint)',
      responses: { 200: { description: 'Final', schema: AwardFinal }, 409: 'Standstill running or a complaint open' },
    }),
    requirePolicy('notices:manage'),
    notice,
    async (req: NoticeRequest, res: Response) => {
      const award = await awards.finalize(req.actor, req.params.id);
      res.json({ id: award.id, status: award.status });
    },
  );
}

/** Complaints during the standstill and their answers. */
function complaintRoutes(router: Router, deps: Deps): void {
  const awards = awardsService(deps);
  router.post(
    '/notices/:id/complaints',
    operation({
      id: 'fileComplaint',
      summary: 'File a complaint about the award during the standstill (bidders only)',
      responses: { 201: { description: 'Filed', schema: ComplaintFiled }, 409: 'Outside the standstill' },
    }),
    requirePolicy('complaints:file'),
    complaint,
    async (req: Parameters<typeof complaint>[0], res: Response) => {
      res.status(201).json({ id: await awards.fileComplaint(req.actor, req.params.id, req.body) });
    },
  );

  router.post(
    '/complaints/:id/answer',
    operation({
      id: 'answerComplaint',
      summary: 'Answer a complaint with reasons: upheld reopens the evaluation, dismissed keeps the award',
      responses: { 204: 'Answered', 409: 'Answered already' },
    }),
    requirePolicy('notices:manage'),
    answer,
    async (req: Parameters<typeof answer>[0], res: Response) => {
      await awards.answerComplaint(req.actor, req.params.id, req.body);
      res.status(204).end();
    },
  );
}

export function awardApi(deps: Deps): Router {
  const router = Router();
  awardRoutes(router, deps);
  complaintRoutes(router, deps);
  return router;
}
