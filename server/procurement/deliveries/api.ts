/** The delivery and inspection API: the same services as the pages. */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePolicy } from '../../identity/policy.js';
import { contractDeliveries, followedContracts } from './read.js';
import {
  ContractsAnswer,
  DeliverablesAnswer,
  DeliveryAnswer,
  DeliveryInput,
  InspectionAnswer,
  InspectionInput,
} from './schema.js';
import { deliveriesService } from './service.js';

const operation = operations('deliveries');

const listFollowedContracts = operation({
  id: 'listFollowedContracts',
  summary: "The contracts the caller follows: the supplier's own, the agency's, all for auditors",
  responses: { 200: { description: 'Contracts', schema: ContractsAnswer } },
});

const listDeliverables = operation({
  id: 'listDeliverables',
  summary: "A contract's deliverables with every delivery attempt and its inspection (the parties and auditors)",
  responses: { 200: { description: 'Deliverables', schema: DeliverablesAnswer }, 403: 'Not a party' },
});

const recordDelivery = operation({
  id: 'recordDelivery',
  summary: 'Record a delivery of a deliverable (the supplier; again only after a rejection)',
  responses: {
    201: { description: 'Recorded, with its attempt number', schema: DeliveryAnswer },
    409: 'Contract not active, awaiting inspection or already accepted',
  },
});

const inspectDelivery = operation({
  id: 'inspectDelivery',
  summary:
    'Inspect a delivery: accepted, or rejected with defects; safety-related goods need the quality checklist ' +
    '(certificate_of_conformity, safety_marking, test_report, packaging: pass | fail), all passed to accept',
  responses: {
    200: { description: "The result and the deliverable's new status", schema: InspectionAnswer },
    409: 'Already inspected, or the contract is not active',
    422: 'Refused field by field (defects, each checklist item)',
  },
});

export function deliveryApi(deps: Deps): Router {
  const router = Router();
  const deliveries = deliveriesService(deps);

  router.get('/deliveries', listFollowedContracts, requirePolicy('account:use'), async (req, res) => {
    res.json({ contracts: await followedContracts(req.actor) });
  });

  router.get(
    '/contracts/:id/deliverables',
    listDeliverables,
    requirePolicy('account:use'),
    validate({ params: IdParams }),
    async (req, res) => {
      const { contract, deliverables } = await contractDeliveries(req.actor, req.params.id);
      res.json({ contractId: contract.id, contractNo: contract.contract_no, status: contract.status, deliverables });
    },
  );

  router.post(
    '/deliverables/:id/deliveries',
    recordDelivery,
    requirePolicy('invoices:submit'),
    validate({ params: IdParams, body: DeliveryInput }),
    async (req, res) => {
      res.status(201).json(await deliveries.deliver(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/deliveries/:id/inspection',
    inspectDelivery,
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: InspectionInput }),
    async (req, res) => {
      res.json(await deliveries.inspect(req.actor, req.params.id, req.body));
    },
  );
  return router;
}
