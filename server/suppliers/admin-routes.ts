/** The tenant admin's supplier desk: the registration queue, a company's file, decisions, documents. */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { isAwaitingCheck } from '../approvals/mutual-checks.js';
import type { Deps } from '../deps.js';
import { IdParams, Uuid } from '../http/params.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requirePolicy } from '../identity/policy.js';
import { listSuppliers, readSupplierDocument, readSupplierFile, SUPPLIER_STATUSES } from './read.js';
import { supplierReview } from './review.js';
import { supplierFileView, supplierListView } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Id = z.infer<typeof IdParams>;

/** An unknown or missing status shows the registrations waiting for a decision. */
const ListQuery = z.object({ status: z.enum(SUPPLIER_STATUSES).catch('pending') });
const DocumentParams = z.object({ id: Uuid, documentId: Uuid });
const RejectForm = z.object({ reason: z.string().trim().min(1).max(2000) });
const DebarForm = z.object({ until: z.iso.date(), reason: z.string().trim().min(1).max(2000) });

/** Back to the company's file; `sent`: the decision went to another administrator's check. */
const back = (req: Request<Id>, res: Response, sent: unknown = null) =>
  res.redirect(303, `${req.baseUrl}/admin/suppliers/${req.params.id}${isAwaitingCheck(sent) ? '?sent=check' : ''}`);

function decisions(services: Deps) {
  const review = supplierReview(services);
  const approve: RequestHandler<Id> = async (req, res) => {
    back(req, res, await review.approve(req.actor, req.params.id));
  };
  const approveRenewal: RequestHandler<Id> = async (req, res) => {
    back(req, res, await review.approveRenewal(req.actor, req.params.id));
  };
  const reject: RequestHandler<Id, unknown, z.infer<typeof RejectForm>> = async (req, res) => {
    await review.reject(req.actor, req.params.id, req.body);
    back(req, res);
  };
  const debar: RequestHandler<Id, unknown, z.infer<typeof DebarForm>> = async (req, res) => {
    back(req, res, await review.debar(req.actor, req.params.id, req.body));
  };
  const liftDebarment: RequestHandler<Id> = async (req, res) => {
    await review.liftDebarment(req.actor, req.params.id);
    back(req, res);
  };
  return { approve, approveRenewal, reject, debar, liftDebarment };
}

export function supplierAdminPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const on = decisions(services);
  const reviewer = requirePolicy('suppliers:review');
  const debarrer = requirePolicy('suppliers:debar');
  const supplier = validate({ params: IdParams });

  router.get('/admin/suppliers', reviewer, validate({ query: ListQuery }), async (req, res) => {
    const suppliers = await listSuppliers(req.actor, req.query.status);
    res.render('suppliers/admin-list', supplierListView(req, req.query.status, suppliers));
  });
  router.get('/admin/suppliers/:id', reviewer, csrf.token, supplier, async (req, res) => {
    res.render('suppliers/admin-detail', supplierFileView(req, await readSupplierFile(req.actor, req.params.id)));
  });
  router.get(
    '/admin/suppliers/:id/documents/:documentId',
    reviewer,
    validate({ params: DocumentParams }),
    async (req, res) => {
      const document = await readSupplierDocument(req.actor, req.params.id, req.params.documentId);
      res.type(document.content_type).attachment(document.file_name).send(document.content);
    },
  );

  router.post('/admin/suppliers/:id/approve', reviewer, csrf.protect, supplier, on.approve);
  router.post('/admin/suppliers/:id/approve-renewal', reviewer, csrf.protect, supplier, on.approveRenewal);
  router.post(
    '/admin/suppliers/:id/reject',
    reviewer,
    csrf.protect,
    validate({ params: IdParams, body: RejectForm }),
    on.reject,
  );
  router.post(
    '/admin/suppliers/:id/debar',
    debarrer,
    csrf.protect,
    validate({ params: IdParams, body: DebarForm }),
    on.debar,
  );
  router.post('/admin/suppliers/:id/lift-debarment', debarrer, csrf.protect, supplier, on.liftDebarment);
  return router;
}
