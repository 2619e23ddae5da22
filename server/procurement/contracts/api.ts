/** The contracts API: the same services as the pages, for bearer-token clients. */
import { Router, type Request } from 'express';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { contractChanges } from './changes.js';
import { sendContractPdf } from './print.js';
import { contractSchemas } from './schema.js';
import { contractsService } from './service.js';
import { signingService } from './signing.js';
import { contractDetail, contractJson, contractList } from './view.js';

const TAG = 'contracts';

export function contractApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const contracts = contractsService(services);
  const changes = contractChanges(services);
  const signing = signingService(services);
  const schemas = (req: Request) => contractSchemas(req.tenant!.config.currency);
  const example = contractSchemas('USD');
  const detail = (req: Request) => contractDetail(req.tenant!, req.user, String(req.params.id));

  doc.add({
    method: 'get',
    path: '/contracts',
    tag: TAG,
    summary:
      'Contracts you may read (parties and auditors: theirs; everyone: concluded ones); officers also get the final awards still without a contract',
    authenticated: false,
    responses: {
      '200': { description: 'contracts and awardsReady' },
      '429': { description: 'Too many requests from this address; see Retry-After' },
    },
  });
  router.get('/contracts', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const { contracts: rows, awardsReady } = await contractList(req.tenant!, req.user);
    res.json({
      contracts: rows.map((r) => ({
        id: r.id,
        contractNo: r.contract_no,
        status: r.status,
        version: r.version,
        value: Number(r.value),
        title: r.title,
        supplier: r.supplier,
      })),
      awardsReady: awardsReady.map((a) => ({
        awardId: a.id,
        noticeNo: a.notice_no,
        title: a.title,
        supplier: a.supplier,
        amount: Number(a.amount),
      })),
    });
  });

  doc.add({
    method: 'post',
    path: '/contracts',
    tag: TAG,
    summary:
      "Generate the contract of a final award (officer of the notice's agency): deliverables must add up to the award amount; the deposit follows rule contract-deposit",
    authenticated: true,
    body: example.generate,
    responses: {
      '201': { description: 'Generated: id, contract number, content hash, deposit and the rule applied' },
      '404': { description: 'No such award in your agency' },
      '409': { description: 'The award is not final, or already has its contract' },
      '422': { description: 'Invalid input, field by field (dates, deliverable amounts)' },
    },
  });
  router.post('/contracts', requirePolicy('notices:manage'), async (req, res) => {
    const input = parseInput(schemas(req).generate, req.body ?? {});
    const { id } = await contracts.generate(req.tenant!, req.user!, auditContextOf(req), input);
    res.status(201).json(contractJson(await contractDetail(req.tenant!, req.user, id)));
  });

  doc.add({
    method: 'get',
    path: '/contracts/{id}',
    tag: TAG,
    summary: 'One contract: content, content hash, deposit (with its rule), deliverables, signatures, amendments',
    authenticated: false,
    responses: { '200': { description: 'The contract' }, '404': { description: 'Not found or not yours to read' } },
  });
  router.get('/contracts/:id', publicRoute, async (req, res) => {
    res.json(contractJson(await detail(req)));
  });

  doc.add({
    method: 'post',
    path: '/contracts/{id}/deposit',
    tag: TAG,
    summary: "Record the winner's contract deposit (supplier administrators): at least the amount the rule asks",
    authenticated: true,
    body: example.deposit,
    responses: {
      '201': { description: 'Recorded' },
      '409': { description: 'The contract is terminated or completed' },
      '422': { description: 'Less than required, or expiring before the end of the contract' },
    },
  });
  router.post('/contracts/:id/deposit', requirePolicy('contracts:sign-own'), async (req, res) => {
    const input = parseInput(schemas(req).deposit, req.body ?? {});
    res
      .status(201)
      .json(await contracts.recordDeposit(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });

  doc.add({
    method: 'post',
    path: '/contracts/{id}/signatures',
    tag: TAG,
    summary:
      'Sign the current version (supplier administrator or officer) after re-authenticating: password, and `code` (TOTP or recovery code) when the account has a second factor; the server countersigns with the tenant Ed25519 key',
    authenticated: true,
    body: example.sign,
    responses: {
      '201': { description: 'Signed: party, version, signedAt, keyId, contract status' },
      '403': { description: 'Not a party to the contract' },
      '409': { description: 'Already signed, not awaiting signatures, or (agency) the deposit is missing' },
      '422': { description: 'Wrong password, or second factor missing or wrong' },
      '429': { description: 'Too many failed attempts' },
    },
  });
  router.post('/contracts/:id/signatures', requirePolicy('account:use'), async (req, res) => {
    const input = parseInput(schemas(req).sign, req.body ?? {});
    res.status(201).json(await signing.sign(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });

  doc.add({
    method: 'get',
    path: '/contracts/{id}/verification',
    tag: TAG,
    summary:
      'Auditors: recompute the content hash and verify every signature with the tenant public key (valid, content-changed, signature-invalid)',
    authenticated: true,
    responses: { '200': { description: 'The verification report' } },
  });
  router.get('/contracts/:id/verification', requirePolicy('contracts:verify'), async (req, res) => {
    res.json(await signing.verify(req.tenant!, req.user!, String(req.params.id)));
  });

  doc.add({
    method: 'post',
    path: '/contracts/{id}/amendments',
    tag: TAG,
    summary:
      'Amend (officer): end date, deliverable due dates and amounts, value, with a reason; makes a new version that both parties sign again',
    authenticated: true,
    body: example.amend,
    responses: {
      '201': { description: 'Amended: number, version, new content hash' },
      '409': { description: 'The contract is terminated or completed' },
      '422': { description: 'Invalid change, field by field' },
    },
  });
  router.post('/contracts/:id/amendments', requirePolicy('notices:manage'), async (req, res) => {
    const input = parseInput(schemas(req).amend, req.body ?? {});
    res
      .status(201)
      .json(await changes.amend(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });

  doc.add({
    method: 'post',
    path: '/contracts/{id}/terminate',
    tag: TAG,
    summary: 'Terminate (officer), with a reason; the supplier is told',
    authenticated: true,
    body: example.terminate,
    responses: { '204': { description: 'Terminated' }, '409': { description: 'Already terminated or completed' } },
  });
  router.post('/contracts/:id/terminate', requirePolicy('notices:manage'), async (req, res) => {
    const { reason } = parseInput(schemas(req).terminate, req.body ?? {});
    await changes.terminate(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reason);
    res.status(204).end();
  });

  doc.add({
    method: 'get',
    path: '/contracts/{id}/pdf',
    tag: TAG,
    summary: "The contract as PDF in the tenant's language (`?lng=` for another of its languages)",
    authenticated: false,
    responses: {
      '200': { description: 'application/pdf' },
      '503': { description: 'Chromium is not installed on the server (the message names the package)' },
      '429': { description: 'Too many requests from this address; see Retry-After' },
    },
  });
  router.get('/contracts/:id/pdf', publicRoute, services.limits.perAddress('contract-pdf'), async (req, res) => {
    await sendContractPdf(services, req, res, await detail(req));
  });
  return router;
}
