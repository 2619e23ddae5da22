/**
 * The innovative-product pages: the public list and product page, the officers' desk where
 * products are designated and revoked, and the test purchases with their decision, evaluation
 * report and printable report. A refused form comes back with its messages, field by field.
 */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { deskPage, listPage, productPage } from './render.js';
import { printPage, testListPage, testPurchasePage } from './render-tests.js';
import { DecisionInput, DesignationShape, EvaluationInput, RevocationInput, TestRequestInput } from './schema.js';
import { innovationService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Designate = { body: DesignationShape };
const Revoke = { params: IdParams, body: RevocationInput };
const RequestTest = { params: IdParams, body: TestRequestInput };
const Decide = { params: IdParams, body: DecisionInput };
const Evaluate = { params: IdParams, body: EvaluationInput };

export function innovationPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const innovation = innovationService(deps);

  router.get('/innovation', publicRoute, listPage);
  router.get('/innovation/desk', requirePolicy('innovation:designate'), csrf.token, (req, res) => deskPage(req, res));
  router.post(
    '/innovation/desk',
    requirePolicy('innovation:designate'),
    csrf.protect,
    csrf.token,
    validate(Designate),
    async (req: ValidatedRequest<typeof Designate>, res: Response) => {
      const product = await innovation.designate(req.actor, req.body);
      res.redirect(303, `${req.baseUrl}/innovation/${product.id}`);
    },
    showFormAgain(deskPage),
  );

  router.get('/innovation/test-purchases', requirePolicy('account:use'), testListPage);
  router.get(
    '/innovation/test-purchases/:id',
    requirePolicy('account:use'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => testPurchasePage(req, res),
  );
  router.get(
    '/innovation/test-purchases/:id/print',
    requirePolicy('account:use'),
    validate({ params: IdParams }),
    printPage,
  );
  router.post(
    '/innovation/test-purchases/:id/decision',
    requirePolicy('innovation:designate'),
    csrf.protect,
    csrf.token,
    validate(Decide),
    async (req: ValidatedRequest<typeof Decide>, res: Response) => {
      await innovation.decide(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/innovation/test-purchases/${req.params.id}`);
    },
    showFormAgain(testPurchasePage, 'decide'),
  );
  router.post(
    '/innovation/test-purchases/:id/evaluation',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Evaluate),
    async (req: ValidatedRequest<typeof Evaluate>, res: Response) => {
      await innovation.evaluate(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/innovation/test-purchases/${req.params.id}`);
    },
    showFormAgain(testPurchasePage, 'evaluate'),
  );

  router.get('/innovation/:id', publicRoute, csrf.token, validate({ params: IdParams }), (req, res) =>
    productPage(req, res),
  );
  router.post(
    '/innovation/:id/revocation',
    requirePolicy('innovation:designate'),
    csrf.protect,
    csrf.token,
    validate(Revoke),
    async (req: ValidatedRequest<typeof Revoke>, res: Response) => {
      await innovation.revoke(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/innovation/desk`);
    },
    showFormAgain(productPage, 'revoke'),
  );
  router.post(
    '/innovation/:id/test-purchases',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(RequestTest),
    async (req: ValidatedRequest<typeof RequestTest>, res: Response) => {
      const purchase = await innovation.requestTest(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/innovation/test-purchases/${purchase.id}`);
    },
    showFormAgain(productPage, 'test'),
  );
  return router;
}
