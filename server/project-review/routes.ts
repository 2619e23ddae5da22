/**
 * Project review pages: the review of a notice (public after the award), with the officer's
 * submission and seating forms and the member's declaration and decision forms. A refused form
 * shows the page again with its messages.
 */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { showFormAgain } from '../http/forms.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import { reviewCommitteeService } from './committee.js';
import { reviewRoundsService } from './rounds.js';
import { DecisionForm, SeatForm, SubmitForm } from './schema.js';
import { reviewPage } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function projectReviewPages(services: Pick<Deps, 'audit' | 'mailer'>, csrf: Csrf): Router {
  const router = Router();
  const rounds = reviewRoundsService(services);
  const committee = reviewCommitteeService(services);
  const officer = requirePolicy('notices:manage');
  const signedIn = requirePolicy('account:use');
  const back = (req: { baseUrl: string; params: { id: string } }) => `${req.baseUrl}/notices/${req.params.id}/review`;

  router.get('/notices/:id/review', publicRoute, validate({ params: IdParams }), (req, res) => reviewPage(req, res));

  router.post(
    '/notices/:id/review/rounds',
    officer,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: SubmitForm }),
    async (req, res) => {
      await rounds.submit(req.actor, req.params.id, req.body);
      res.redirect(303, back(req));
    },
    showFormAgain(reviewPage, 'submit'),
  );

  router.post(
    '/notices/:id/review/members',
    officer,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: SeatForm }),
    async (req, res) => {
      await committee.seat(req.actor, req.params.id, req.body);
      res.redirect(303, back(req));
    },
    showFormAgain(reviewPage, 'seat'),
  );

  router.post(
    '/notices/:id/review/declaration',
    signedIn,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams }),
    async (req, res) => {
      await committee.declare(req.actor, req.params.id);
      res.redirect(303, back(req));
    },
    showFormAgain(reviewPage, 'declare'),
  );

  router.post(
    '/notices/:id/review/decision',
    signedIn,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: DecisionForm }),
    async (req, res) => {
      await rounds.decide(req.actor, req.params.id, req.body);
      res.redirect(303, back(req));
    },
    showFormAgain(reviewPage, 'decide'),
  );
  return router;
}
