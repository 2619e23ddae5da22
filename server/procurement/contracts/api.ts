/** The contracts API: the same services as the pages, for bearer-token clients. */
import { answerAwaitingCheck, awaitingCheckResponse } from '../../approvals/awaiting-answer.js';
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import {
  AmendmentAnswer,
  ContractAnswer,
  ContractListAnswer,
  contractJson,
  contractListJson,
  DepositAnswer,
  SignatureAnswer,
  VerificationAnswer,
} from './answer.js';
import { contractChanges } from './changes.js';
import { PrintQuery, sendContractPdf } from './print.js';
import { contractDetail, contractList } from './read.js';
import { contractBody } from './schema.js';
import { contractsService } from './service.js';
import { signingService } from './signing.js';

const operation = operations('contracts');
const TOO_MANY = 'Too many requests from this address; see Retry-After';

const listContracts = operation({
  id: 'listContracts',
  summary:
    'Contracts you may read (parties and auditors: theirs; everyone: concluded ones); officers also get the final awards still without a contract',
  responses: { 200: { description: 'contracts and awardsReady', schema: ContractListAnswer }, 429: TOO_MANY },
});

const generateContract = operation({
  id: 'generateContract',
  summary:
    "Generate the contract of a final award (officer of the notice's agency): deliverables must add up to the award amount; the deposit follows rule contract-deposit",
  responses: {
    201: {
      description: 'Generated: id, contract number, content hash, deposit and the rule applied',
      schema: ContractAnswer,
    },
    404: 'No such award in your agency',
    202: awaitingCheckResponse,
    409: 'The award is not final, already has its contract, or its direct contract waits for a second person',
    422: 'Invalid input, field by field (dates, deliverable amounts)',
  },
});

const getContract = operation({
  id: 'getContract',
  summary: 'One contract: content, content hash, deposit (with its rule), deliverables, signatures, amendments',
  responses: {
    200: { description: 'The contract', schema: ContractAnswer },
    404: 'Not found or not yours to read',
  },
});

const recordContractDeposit = operation({
  id: 'recordContractDeposit',
  summary: "Record the winner's contract deposit (supplier administrators): at least the amount the rule asks",
  responses: {
    201: { description: 'Recorded', schema: DepositAnswer },
    409: 'The contract is terminated or completed',
    422: 'Less than required, or expiring before the end of the contract',
  },
});

const signContract = operation({
  id: 'signContract',
  summary:
    'Sign the current version (supplier administrator or officer) after re-authenticating: password, and `code` (TOTP or recovery code) when the account has a second factor; the server countersigns with the tenant Ed25519 key',
  responses: {
    201: { description: 'Signed: party, version, signedAt, keyId, contract status', schema: SignatureAnswer },
    403: 'Not a party to the contract',
    409: 'Already signed, not awaiting signatures, or (agency) the deposit is missing',
    422: 'Wrong password, or second factor missing or wrong',
    429: 'Too many failed attempts',
  },
});

const verifyContract = operation({
  id: 'verifyContract',
  summary:
    'Auditors: recompute the content hash and verify every signature with the tenant public key (valid, content-changed, signature-invalid)',
  responses: { 200: { description: 'The verification report', schema: VerificationAnswer } },
});

const amendContract = operation({
  id: 'amendContract',
  summary:
    'Amend (officer): end date, deliverable due dates and amounts, value, with a reason; makes a new version that both parties sign again',
  responses: {
    201: { description: 'Amended: number, version, new content hash', schema: AmendmentAnswer },
    409: 'The contract is terminated or completed',
    422: 'Invalid change, field by field',
  },
});

const terminateContract = operation({
  id: 'terminateContract',
  summary: 'Terminate (officer), with a reason; the supplier is told',
  responses: { 204: 'Terminated', 409: 'Already terminated or completed' },
});

const getContractPdf = operation({
  id: 'getContractPdf',
  summary: "The contract as PDF in the tenant's language (`?lng=` for another of its languages)",
  responses: {
    200: { description: 'The contract, printed', file: 'application/pdf' },
    503: 'Chromium is not installed on the server (the message names the package)',
    429: TOO_MANY,
  },
});

/** Reading: the list, one contract, the auditor's verification, the PDF. */
function readingRoutes(router: Router, deps: Deps): void {
  const signing = signingService(deps);
  router.get('/contracts', listContracts, publicRoute, deps.limits.perAddress('public-search'), async (req, res) => {
    res.json(contractListJson(await contractList(req.actor)));
  });

  router.get('/contracts/:id', getContract, publicRoute, validate({ params: IdParams }), async (req, res) => {
    res.json(contractJson(await contractDetail(req.actor, req.params.id)));
  });

  router.get(
    '/contracts/:id/verification',
    verifyContract,
    requirePolicy('contracts:verify'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await signing.verify(req.actor, req.params.id));
    },
  );

  router.get(
    '/contracts/:id/pdf',
    getContractPdf,
    publicRoute,
    deps.limits.perAddress('contract-pdf'),
    validate({ params: IdParams, query: PrintQuery }),
    async (req, res) => {
      await sendContractPdf(deps, req, res, await contractDetail(req.actor, req.params.id));
    },
  );
}

/** Acting: generate, deposit, sign, amend, terminate. */
function actionRoutes(router: Router, deps: Deps): void {
  const contracts = contractsService(deps);
  const changes = contractChanges(deps);
  const signing = signingService(deps);
  router.post(
    '/contracts',
    generateContract,
    requirePolicy('notices:manage'),
    validate({ body: contractBody('generate') }),
    async (req, res) => {
      const generated = await contracts.generate(req.actor, req.body);
      if (isAwaitingCheck(generated)) return answerAwaitingCheck(req, res, generated);
      res.status(201).json(contractJson(await contractDetail(req.actor, generated.id)));
    },
  );

  router.post(
    '/contracts/:id/deposit',
    recordContractDeposit,
    requirePolicy('contracts:sign-own'),
    validate({ params: IdParams, body: contractBody('deposit') }),
    async (req, res) => {
      res.status(201).json(await contracts.recordDeposit(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/contracts/:id/signatures',
    signContract,
    requirePolicy('account:use'),
    validate({ params: IdParams, body: contractBody('sign') }),
    async (req, res) => {
      res.status(201).json(await signing.sign(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/contracts/:id/amendments',
    amendContract,
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: contractBody('amend') }),
    async (req, res) => {
      res.status(201).json(await changes.amend(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/contracts/:id/terminate',
    terminateContract,
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: contractBody('terminate') }),
    async (req, res) => {
      await changes.terminate(req.actor, req.params.id, req.body);
      res.status(204).end();
    },
  );
}

export function contractApi(deps: Deps): Router {
  const router = Router();
  readingRoutes(router, deps);
  actionRoutes(router, deps);
  return router;
}
