/**
 * Project reviews as JSON: the record of a notice's review (the officers, auditors and the
 * committee at any time; the public after the award), submitting a round and seating members for
 * the officers of the agency, declaring and deciding for the committee's members.
 */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { operations } from '../http/operation.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import { reviewCommitteeService } from './committee.js';
import { readReview } from './read.js';
import { reviewRoundsService } from './rounds.js';
import { Created, DecisionForm, ReviewRecord, SeatForm, SubmitForm } from './schema.js';
import { apiReview } from './view.js';

const operation = operations('project-review');

export function projectReviewApi(services: Pick<Deps, 'audit' | 'mailer'>): Router {
  const router = Router();
  const rounds = reviewRoundsService(services);
  const committee = reviewCommitteeService(services);
  const officer = requirePolicy('notices:manage');
  const signedIn = requirePolicy('account:use');

  router.get(
    '/notices/:id/review',
    operation({
      id: 'getProjectReview',
      summary:
        "A notice's ICT project review: rounds, confirmed requirements and period, reasons, committee names " +
        '(public once the notice has an award; before, the officers of the agency, auditors and the committee)',
      responses: { 200: { description: 'The review', schema: ReviewRecord }, 404: 'No review, or not public yet' },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(apiReview(await readReview(req.actor, req.params.id)));
    },
  );

  router.post(
    '/notices/:id/review/rounds',
    operation({
      id: 'submitProjectReview',
      summary:
        "Submit the project's requirements, scope and proposed period (YYYY-MM-DD, the tenant's calendar) for review: " +
        'on a draft before publication, or as a change of the confirmed requirements of a published notice',
      responses: {
        201: { description: 'Submitted', schema: Created },
        409: 'A round is pending, the notice is closed, or no round was confirmed yet',
        422: "Invalid, or the tenant's project-review rule does not name the notice's category",
      },
    }),
    officer,
    validate({ params: IdParams, body: SubmitForm }),
    async (req, res) => {
      res.status(201).json({ id: await rounds.submit(req.actor, req.params.id, req.body) });
    },
  );

  router.post(
    '/notices/:id/review/members',
    operation({
      id: 'seatProjectReviewer',
      summary: 'Seat a user with the evaluator or officer role (not the submitting officer) on the pending round',
      responses: { 201: { description: 'Seated', schema: Created }, 409: 'Already seated, or no pending round' },
    }),
    officer,
    validate({ params: IdParams, body: SeatForm }),
    async (req, res) => {
      res.status(201).json({ id: await committee.seat(req.actor, req.params.id, req.body) });
    },
  );

  router.post(
    '/notices/:id/review/declaration',
    operation({
      id: 'declareProjectReviewConflicts',
      summary:
        'Declare no conflict of interest with the companies taking part (briefing registrants, bidders); ' +
        'a declared relation or your name matching one blocks your seat (409)',
      responses: { 204: 'Declared', 409: 'Seat blocked by a conflict of interest' },
    }),
    signedIn,
    validate({ params: IdParams }),
    async (req, res) => {
      await committee.declare(req.actor, req.params.id);
      res.status(204).end();
    },
  );

  router.post(
    '/notices/:id/review/decision',
    operation({
      id: 'decideProjectReview',
      summary:
        'Confirm or adjust the requirements, scope and project period of the pending round, with reasons ' +
        '(a member who declared no conflict of interest)',
      responses: { 204: 'Decided', 403: 'Not on the committee', 409: 'No declaration yet, or no pending round' },
    }),
    signedIn,
    validate({ params: IdParams, body: DecisionForm }),
    async (req, res) => {
      await rounds.decide(req.actor, req.params.id, req.body);
      res.status(204).end();
    },
  );
  return router;
}
