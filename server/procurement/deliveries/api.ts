/** The delivery and inspection API: the same services as the pages. */
import { Router } from 'express';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { auditContextOf } from '../../identity/passport.js';
import { requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { assertViewer, contractById } from './contract-access.js';
import { contractsFor, deliverablesOf } from './read.js';
import { DeliveryInput, InspectionInput } from './schema.js';
import { deliveriesService } from './service.js';

export function deliveryApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const deliveries = deliveriesService(services);

  doc.add({
    method: 'get',
    path: '/deliveries',
    tag: 'deliveries',
    summary: "The contracts the caller follows: the supplier's own, the agency's, all for auditors",
    authenticated: true,
    responses: { '200': { description: 'Contracts' } },
  });
  router.get('/deliveries', requirePolicy('account:use'), async (req, res) => {
    res.json({ contracts: await inTenant(req.tenant!, (tx) => contractsFor(tx, req.user!)) });
  });

  doc.add({
    method: 'get',
    path: '/contracts/{id}/deliverables',
    tag: 'deliveries',
    summary: "A contract's deliverables with every delivery attempt and its inspection (the parties and auditors)",
    authenticated: true,
    responses: { '200': { description: 'Deliverables' }, '403': { description: 'Not a party' } },
  });
  router.get('/contracts/:id/deliverables', requirePolicy('account:use'), async (req, res) => {
    const body = await inTenant(req.tenant!, async (tx) => {
      const contract = await contractById(tx, String(req.params.id));
      assertViewer(req.user, contract);
      return {
        contractId: contract.id,
        contractNo: contract.contract_no,
        status: contract.status,
        deliverables: await deliverablesOf(tx, contract.id),
      };
    });
    res.json(body);
  });

  doc.add({
    method: 'post',
    path: '/deliverables/{id}/deliveries',
    tag: 'deliveries',
    summary: 'Record a delivery of a deliverable (the supplier; again only after a rejection)',
    authenticated: true,
    body: DeliveryInput,
    responses: {
      '201': { description: 'Recorded, with its attempt number' },
      '409': { description: 'Contract not active, awaiting inspection or already accepted' },
    },
  });
  router.post('/deliverables/:id/deliveries', requirePolicy('invoices:submit'), async (req, res) => {
    const input = parseInput(DeliveryInput, req.body ?? {});
    res
      .status(201)
      .json(await deliveries.deliver(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });

  doc.add({
    method: 'post',
    path: '/deliveries/{id}/inspection',
    tag: 'deliveries',
    summary:
      'Inspect a delivery: accepted, or rejected with defects; safety-related goods need the quality checklist ' +
      '(certificate_of_conformity, safety_marking, test_report, packaging: pass | fail), all passed to accept',
    authenticated: true,
    body: InspectionInput,
    responses: {
      '200': { description: "The result and the deliverable's new status" },
      '409': { description: 'Already inspected, or the contract is not active' },
      '422': { description: 'Refused field by field (defects, each checklist item)' },
    },
  });
  router.post('/deliveries/:id/inspection', requirePolicy('notices:manage'), async (req, res) => {
    const input = parseInput(InspectionInput, req.body ?? {});
    res.json(await deliveries.inspect(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input));
  });
  return router;
}
