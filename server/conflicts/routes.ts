/**
 * Conflict-of-interest pages: the signed-in staff member's declared relations
 * (`/account/relations`), and a company's owners and directors for auditors
 * (`/conflicts/suppliers/:id/people`).
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { IdParams } from '../http/params.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requirePolicy } from '../identity/policy.js';
import { readSupplierPeople } from './read.js';
import { RelationForm, staffRelations } from './relations.js';
import { relationsPage, supplierPeoplePage } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;

const declareForm = validate({ body: RelationForm });
const byId = validate({ params: IdParams });

export function conflictPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const relations = staffRelations(services);
  const account = requirePolicy('account:use');
  const back = (req: Request, res: Response) => res.redirect(303, `${req.baseUrl}/account/relations`);
  const page: FormPage = async (req, res, refusal) => {
    res.render('conflicts/relations', relationsPage(req, await relations.list(req.actor), refusal));
  };

  router.get('/account/relations', account, csrf.token, (req, res) => page(req, res));
  router.post(
    '/account/relations',
    account,
    csrf.protect,
    csrf.token,
    declareForm,
    async (req: Parameters<typeof declareForm>[0], res: Response) => {
      await relations.declare(req.actor, req.body);
      back(req, res);
    },
    showFormAgain(page),
  );
  router.post(
    '/account/relations/:id/withdraw',
    account,
    csrf.protect,
    byId,
    async (req: Parameters<typeof byId>[0], res: Response) => {
      await relations.withdraw(req.actor, req.params.id);
      back(req, res);
    },
  );
  router.get(
    '/conflicts/suppliers/:id/people',
    requirePolicy('integrity:read'),
    byId,
    async (req: Parameters<typeof byId>[0], res: Response) => {
      res.set('Cache-Control', 'no-store');
      res.render(
        'conflicts/supplier-people',
        supplierPeoplePage(req, await readSupplierPeople(req.actor, req.params.id)),
      );
    },
  );
  return router;
}
