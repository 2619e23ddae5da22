/**
 * The delivery pages: a contract's deliverables with every delivery attempt and inspection, the
 * supplier's "record a delivery" and the officer's inspection form (with the quality checklist
 * for safety-related goods); a refused form comes back with its messages, field by field.
 */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { deliveriesPage, listPage } from './render.js';
import { DeliveryForm, InspectionForm } from './schema.js';
import { deliveriesService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Deliver = { params: IdParams, body: DeliveryForm };
const Inspect = { params: IdParams, body: InspectionForm };

/** After a form: back to the contract's deliveries. */
const backTo = (req: { baseUrl: string; body: { contractId: string } }, res: Response) =>
  res.redirect(303, `${req.baseUrl}/contracts/${req.body.contractId}/deliveries`);

export function deliveryPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const deliveries = deliveriesService(deps);

  router.get('/deliveries', requirePolicy('account:use'), listPage);

  router.get(
    '/contracts/:id/deliveries',
    requirePolicy('account:use'),
    csrf.token,
    validate({ params: IdParams }),
    (req, res) => deliveriesPage(req, res),
  );

  router.post(
    '/deliverables/:id/deliveries',
    requirePolicy('invoices:submit'),
    csrf.protect,
    csrf.token,
    validate(Deliver),
    async (req: ValidatedRequest<typeof Deliver>, res: Response) => {
      await deliveries.deliver(req.actor, req.params.id, req.body);
      backTo(req, res);
    },
    showFormAgain(deliveriesPage, 'deliver'),
  );

  router.post(
    '/deliveries/:id/inspection',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Inspect),
    async (req: ValidatedRequest<typeof Inspect>, res: Response) => {
      await deliveries.inspect(req.actor, req.params.id, req.body);
      backTo(req, res);
    },
    showFormAgain(deliveriesPage, 'inspect'),
  );
  return router;
}
