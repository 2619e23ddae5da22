/**
 * Contract pages: the list, the officer's generate form (from a final award), the contract page
 * with each party's actions (deposit, signature with password and code, amendment, termination),
 * the auditor's verification page, the printable document and its PDF. A refusal comes back on
 * the same page, field by field.
 */
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { showFormAgain } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { validate, type ValidatedRequest } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { contractChanges } from './changes.js';
import { contractDocument, PrintQuery, sendContractPdf } from './print.js';
import { contractDetail } from './read.js';
import { contractPage, listPage, newContractPage, verifyPage } from './render.js';
import { contractBody } from './schema.js';
import { contractsService } from './service.js';
import { signingService } from './signing.js';

type Csrf = ReturnType<typeof csrfProtection>;

const Generate = { body: contractBody('generateForm') };
const Deposit = { params: IdParams, body: contractBody('deposit') };
const Sign = { params: IdParams, body: contractBody('sign') };
const Amend = { params: IdParams, body: contractBody('amendForm') };
const Terminate = { params: IdParams, body: contractBody('terminate') };

/** After a contract form: back to the contract page. */
const backToContract = (req: Request<{ id: string }>, res: Response): void =>
  res.redirect(303, `${req.baseUrl}/contracts/${req.params.id}`);

/** The forms of the contract page: deposit, signature, amendment, termination. */
function contractForms(router: Router, deps: Deps, csrf: Csrf): void {
  const contracts = contractsService(deps);
  const changes = contractChanges(deps);
  const signing = signingService(deps);

  router.post(
    '/contracts/:id/deposit',
    requirePolicy('contracts:sign-own'),
    csrf.protect,
    csrf.token,
    validate(Deposit),
    async (req: ValidatedRequest<typeof Deposit>, res: Response) => {
      await contracts.recordDeposit(req.actor, req.params.id, req.body);
      backToContract(req, res);
    },
    showFormAgain(contractPage, 'deposit'),
  );

  router.post(
    '/contracts/:id/sign',
    requirePolicy('account:use'),
    csrf.protect,
    csrf.token,
    validate(Sign),
    async (req: ValidatedRequest<typeof Sign>, res: Response) => {
      await signing.sign(req.actor, req.params.id, req.body);
      backToContract(req, res);
    },
    showFormAgain(contractPage, 'sign'),
  );

  router.post(
    '/contracts/:id/amend',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Amend),
    async (req: ValidatedRequest<typeof Amend>, res: Response) => {
      await changes.amend(req.actor, req.params.id, req.body);
      backToContract(req, res);
    },
    showFormAgain(contractPage, 'amend'),
  );

  router.post(
    '/contracts/:id/terminate',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Terminate),
    async (req: ValidatedRequest<typeof Terminate>, res: Response) => {
      await changes.terminate(req.actor, req.params.id, req.body);
      backToContract(req, res);
    },
    showFormAgain(contractPage, 'terminate'),
  );
}

export function contractPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const contracts = contractsService(deps);
  const signing = signingService(deps);

  router.get('/contracts', publicRoute, deps.limits.perAddress('public-search'), listPage);

  router.get(
    '/contracts/new',
    requirePolicy('notices:manage'),
    csrf.token,
    validate({ query: z.object({ award: z.string().optional() }) }),
    (req, res) => newContractPage(req, res),
  );

  router.post(
    '/contracts',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    validate(Generate),
    async (req: ValidatedRequest<typeof Generate>, res: Response) => {
      const generated = await contracts.generate(req.actor, req.body);
      if (isAwaitingCheck(generated)) res.redirect(303, `${req.baseUrl}/contracts?sent=check`);
      else res.redirect(303, `${req.baseUrl}/contracts/${generated.id}`);
    },
    showFormAgain(newContractPage),
  );

  router.get('/contracts/:id', publicRoute, validate({ params: IdParams }), (req, res) => contractPage(req, res));

  router.get(
    '/contracts/:id/verify',
    requirePolicy('contracts:verify'),
    validate({ params: IdParams }),
    async (req, res) => verifyPage(req, res, await signing.verify(req.actor, req.params.id)),
  );

  router.get(
    '/contracts/:id/print',
    publicRoute,
    validate({ params: IdParams, query: PrintQuery }),
    async (req, res) => {
      const detail = await contractDetail(req.actor, req.params.id);
      res.type('html').send(await contractDocument(deps, req, res, detail));
    },
  );

  router.get(
    '/contracts/:id/pdf',
    publicRoute,
    deps.limits.perAddress('contract-pdf'),
    validate({ params: IdParams, query: PrintQuery }),
    async (req, res) => sendContractPdf(deps, req, res, await contractDetail(req.actor, req.params.id)),
  );
  contractForms(router, deps, csrf);
  return router;
}
