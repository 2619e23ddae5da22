/**
 * The approvals page of a tenant's deciders (tenant administrators for now): the requests waiting
 * for them, each with Approve and Refuse. Each form calls one service function and comes back to
 * the page (303); a refusal shows the page again with its message on that request.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain } from '../http/forms.js';
import { tenantLink } from '../http/origin.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requirePolicy } from '../identity/policy.js';
import { RefuseForm, type RefuseInput } from './schema.js';
import { approvalsService } from './service.js';
import { approvalsPage } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Id = z.infer<typeof IdParams>;

const back = (req: Request<Id>, res: Response, done: 'approved' | 'refused') =>
  res.redirect(303, `${req.baseUrl}/admin/approvals?done=${done}`);

function decisions(services: Deps) {
  const approvals = approvalsService(services);
  const approve: RequestHandler<Id> = async (req, res) => {
    await approvals.approve(req.actor, req.params.id, (path) => tenantLink(req, services.publicUrl, path));
    back(req, res, 'approved');
  };
  const refuse: RequestHandler<Id, unknown, RefuseInput> = async (req, res) => {
    await approvals.refuse(req.actor, req.params.id, req.body.reason, (path) =>
      tenantLink(req, services.publicUrl, path),
    );
    back(req, res, 'refused');
  };
  return { approve, refuse };
}

export function approvalPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const on = decisions(services);
  const decider = requirePolicy('approvals:decide');

  router.get('/admin/approvals', decider, csrf.token, (req, res) => approvalsPage(req, res));
  router.post(
    '/admin/approvals/:id/approve',
    decider,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams }),
    on.approve,
    showFormAgain(approvalsPage, 'approve'),
  );
  router.post(
    '/admin/approvals/:id/refuse',
    decider,
    csrf.protect,
    csrf.token,
    validate({ params: IdParams, body: RefuseForm }),
    on.refuse,
    showFormAgain(approvalsPage, 'refuse'),
  );
  return router;
}
