/**
 * The evaluation page of a notice, one page for the agency's officer (committee, reviews in price
 * order, closing the technical evaluation, the award) and for each evaluator (declaration, then
 * proposals and score forms). Actions post back here; a refusal comes back on the page.
 */
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain, type FormRefusal } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy, signedInRoute } from '../../identity/policy.js';
import { awardsService } from '../awards/service.js';
import { committeeService } from './committee.js';
import { lowestPriceService } from './lowest-price.js';
import { negotiatedService } from './negotiated.js';
import { evaluationPageModel } from './page-model.js';
import { evaluationPageReader } from './read.js';
import { Assign, Decline, Review, ScoreForm } from './schema.js';

type Csrf = ReturnType<typeof csrfProtection>;

const notice = validate({ params: IdParams });
const assign = validate({ params: IdParams, body: Assign });
const decline = validate({ params: IdParams, body: Decline });
const score = validate({ params: IdParams, body: ScoreForm });
const review = validate({ params: IdParams, body: Review });

/** After an action, the page again (a GET). */
function backToPage(req: Request, res: Response): void {
  res.redirect(303, `${req.baseUrl}/notices/${String(req.params.id)}/evaluation`);
}

/** What every action's chain shares: the policies (with CSRF) and the page a refusal comes back on. */
interface Steps {
  manage: RequestHandler[];
  takePart: RequestHandler[];
  shown: ErrorRequestHandler;
}

/** The committee's actions: seats, declarations, declines, technical scores. */
function committeeActions(router: Router, deps: Deps, { manage, takePart, shown }: Steps): void {
  const committee = committeeService(deps);
  const negotiated = negotiatedService(deps);
  router.post(
    '/notices/:id/evaluation/assign',
    manage,
    assign,
    async (req: Parameters<typeof assign>[0], res: Response) => {
      await committee.assign(req.actor, req.params.id, req.body);
      backToPage(req, res);
    },
    shown,
  );
  router.post(
    '/notices/:id/evaluation/declare',
    takePart,
    notice,
    async (req: Parameters<typeof notice>[0], res: Response) => {
      await committee.declare(req.actor, req.params.id);
      backToPage(req, res);
    },
    shown,
  );
  router.post(
    '/notices/:id/evaluation/decline',
    takePart,
    decline,
    async (req: Parameters<typeof decline>[0], res: Response) => {
      await committee.decline(req.actor, req.params.id, req.body);
      backToPage(req, res);
    },
    shown,
  );
  router.post(
    '/notices/:id/evaluation/score',
    takePart,
    score,
    async (req: Parameters<typeof score>[0], res: Response) => {
      await negotiated.score(req.actor, req.params.id, req.body);
      backToPage(req, res);
    },
    shown,
  );
}

/** The officer's decisions: closing the technical evaluation, reviews in price order, the award. */
function decisionActions(router: Router, deps: Deps, { manage, shown }: Steps): void {
  const negotiated = negotiatedService(deps);
  const lowest = lowestPriceService(deps);
  const awards = awardsService(deps);
  router.post(
    '/notices/:id/evaluation/finalize',
    manage,
    notice,
    async (req: Parameters<typeof notice>[0], res: Response) => {
      await negotiated.finalize(req.actor, req.params.id);
      backToPage(req, res);
    },
    shown,
  );
  router.post(
    '/notices/:id/evaluation/review',
    manage,
    review,
    async (req: Parameters<typeof review>[0], res: Response) => {
      await lowest.review(req.actor, req.params.id, req.body);
      backToPage(req, res);
    },
    shown,
  );
  router.post(
    '/notices/:id/evaluation/award',
    manage,
    notice,
    async (req: Parameters<typeof notice>[0], res: Response) => {
      const check = await awards.publish(req.actor, req.params.id);
      if (isAwaitingCheck(check)) res.redirect(303, `${req.baseUrl}/notices/${req.params.id}/evaluation?sent=check`);
      else backToPage(req, res);
    },
    shown,
  );
  router.post(
    '/notices/:id/evaluation/award-final',
    manage,
    notice,
    async (req: Parameters<typeof notice>[0], res: Response) => {
      await awards.finalize(req.actor, req.params.id);
      backToPage(req, res);
    },
    shown,
  );
}

export function evaluationPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const readPage = evaluationPageReader(deps);
  const page = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const data = await readPage(req.actor, String(req.params.id));
    res.render('evaluation/page', evaluationPageModel(req, data, refusal));
  };
  router.get('/notices/:id/evaluation', signedInRoute, csrf.token, notice, (req, res) => page(req, res));
  const steps: Steps = {
    manage: [requirePolicy('notices:manage'), csrf.protect, csrf.token],
    takePart: [requirePolicy('evaluation:take-part'), csrf.protect, csrf.token],
    shown: showFormAgain(page),
  };
  committeeActions(router, deps, steps);
  decisionActions(router, deps, steps);
  return router;
}
