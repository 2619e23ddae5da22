/**
 * The framework pages: the officer's list and agreement page (with price change decisions), the
 * supplier's own agreements (change requests, delivery days and stock), the public agreement
 * page once concluded, and a draft notice's framework terms form.
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { listPage, minePage, showPage, termsPage } from './render.js';
import { decisionFormFor, priceChangeFormFor, SupplierTermsForm, termsFormFor } from './schema.js';
import { frameworksService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Terms = { params: IdParams, body: termsFormFor };
const Decide = { params: IdParams, body: decisionFormFor };
const Change = { body: priceChangeFormFor };
const Supply = { body: SupplierTermsForm };

export function frameworkPages(deps: Pick<Deps, 'audit'>, csrf: Csrf): Router {
  const router = Router();
  const frameworks = frameworksService(deps);
  /** After a change request: back to the page it was made on. */
  const back = (req: Request, res: Response, agreementId: string | undefined) =>
    res.redirect(303, `${req.baseUrl}/frameworks/${agreementId ?? 'mine'}`);

  router.get('/frameworks', requirePolicy('notices:manage'), listPage);
  router.get('/frameworks/mine', requirePolicy('invoices:submit'), csrf.token, (req, res) => minePage(req, res));
  router.get('/frameworks/:id', publicRoute, csrf.token, validate({ params: IdParams }), (req, res) =>
    showPage(req, res),
  );

  router.get('/notices/:id/framework', publicRoute, csrf.token, validate({ params: IdParams }), (req, res) =>
    termsPage(req, res),
  );
  router.post(
    '/notices/:id/framework',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Terms),
    async (req: ValidatedRequest<typeof Terms>, res: Response) => {
      await frameworks.setTerms(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/notices/${req.params.id}/framework`);
    },
    showFormAgain(termsPage),
  );

  router.post(
    '/frameworks/price-changes',
    requirePolicy('account:use'),
    csrf.protect,
    csrf.token,
    validate(Change),
    async (req: ValidatedRequest<typeof Change>, res: Response) => {
      await frameworks.request(req.actor, req.body);
      back(req, res, req.body.agreementId);
    },
    showFormAgain((req, res, refusal) =>
      typeof refusal?.values.agreementId === 'string'
        ? showPage(req, res, refusal && { ...refusal, form: 'index' })
        : minePage(req, res, refusal && { ...refusal, form: 'change' }),
    ),
  );

  router.post(
    '/frameworks/price-changes/:id/decision',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Decide),
    async (req: ValidatedRequest<typeof Decide>, res: Response) => {
      await frameworks.decide(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/frameworks/${req.body.agreementId}`);
    },
    showFormAgain(showPage, 'decide'),
  );

  router.post(
    '/frameworks/prices/terms',
    requirePolicy('invoices:submit'),
    csrf.protect,
    csrf.token,
    validate(Supply),
    async (req: ValidatedRequest<typeof Supply>, res: Response) => {
      await frameworks.updateTerms(req.actor, req.body);
      res.redirect(303, `${req.baseUrl}/frameworks/mine`);
    },
    showFormAgain(minePage, 'terms'),
  );
  return router;
}
