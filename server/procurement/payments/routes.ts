/**
 * The invoice pages: a contract's invoices with their due dates (and the rule behind them), the
 * overdue flag and payments; the supplier's invoice form per accepted deliverable and the
 * officer's approve, reject and payment forms. Refusals come back next to their form.
 */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { invoicingService } from './invoicing.js';
import { invoicesPage } from './render.js';
import { paymentForm } from './schema.js';
import { paymentsService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Invoice = { params: IdParams, body: paymentForm('invoice') };
const Approve = { params: IdParams, body: paymentForm('approval') };
const Reject = { params: IdParams, body: paymentForm('rejection') };
const Pay = { params: IdParams, body: paymentForm('payment') };

/** After a form: back to the contract's invoices. */
const backTo = (req: { baseUrl: string; body: { contractId: string } }, res: Response) =>
  res.redirect(303, `${req.baseUrl}/contracts/${req.body.contractId}/invoices`);

export function paymentPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const invoicing = invoicingService(deps);
  const payments = paymentsService(deps);

  router.get(
    '/contracts/:id/invoices',
    requirePolicy('account:use'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => invoicesPage(req, res),
  );

  router.post(
    '/deliverables/:id/invoices',
    requirePolicy('invoices:submit'),
    csrf.protect,
    csrf.token,
    validate(Invoice),
    async (req: ValidatedRequest<typeof Invoice>, res: Response) => {
      await invoicing.submit(req.actor, req.params.id, req.body);
      backTo(req, res);
    },
    showFormAgain(invoicesPage, 'invoice'),
  );

  router.post(
    '/invoices/:id/approve',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Approve),
    async (req: ValidatedRequest<typeof Approve>, res: Response) => {
      await payments.approve(req.actor, req.params.id);
      backTo(req, res);
    },
    showFormAgain(invoicesPage, 'approve'),
  );

  router.post(
    '/invoices/:id/reject',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Reject),
    async (req: ValidatedRequest<typeof Reject>, res: Response) => {
      await payments.reject(req.actor, req.params.id, req.body);
      backTo(req, res);
    },
    showFormAgain(invoicesPage, 'reject'),
  );

  router.post(
    '/invoices/:id/payment',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Pay),
    async (req: ValidatedRequest<typeof Pay>, res: Response) => {
      await payments.pay(req.actor, req.params.id, req.body);
      backTo(req, res);
    },
    showFormAgain(invoicesPage, 'pay'),
  );
  return router;
}
