/** The framework agreement API: the same services and read models as the pages. */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import {
  AgreementAnswer,
  AgreementsAnswer,
  ChangeDecidedAnswer,
  ChangeRequestedAnswer,
  OwnAgreementsAnswer,
  SetTermsAnswer,
  SupplyTermsAnswer,
  TermsAnswer,
} from './answer.js';
import { agencyAgreements, agreementDetail, noticeFramework, ownAgreements } from './read.js';
import { DecisionInput, priceChangeFor, SupplierTermsInput, termsFor } from './schema.js';
import { frameworksService } from './service.js';

const operation = operations('frameworks');

export function frameworkApi(deps: Pick<Deps, 'audit'>): Router {
  const router = Router();
  const frameworks = frameworksService(deps);

  router.get(
    '/frameworks',
    operation({
      id: 'listAgencyFrameworks',
      summary: "The officer's agency's framework agreements",
      responses: { 200: { description: 'Agreements', schema: AgreementsAnswer } },
    }),
    requirePolicy('notices:manage'),
    async (req, res) => {
      res.json({ agreements: await agencyAgreements(req.actor) });
    },
  );

  router.get(
    '/frameworks/mine',
    operation({
      id: 'listOwnFrameworks',
      summary: "The agreements where the caller's company is a party, with its prices and price changes",
      responses: { 200: { description: 'Agreements', schema: OwnAgreementsAnswer } },
    }),
    requirePolicy('invoices:submit'),
    async (req, res) => {
      res.json({ agreements: await ownAgreements(req.actor) });
    },
  );

  router.get(
    '/frameworks/:id',
    operation({
      id: 'getFramework',
      summary:
        'An agreement: items, parties and their prices once concluded (public for active and expired ' +
        "agreements; the agency's officers also see it tendering, and its price changes)",
      responses: { 200: { description: 'Agreement', schema: AgreementAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await agreementDetail(req.actor, req.params.id));
    },
  );

  router.get(
    '/notices/:id/framework',
    operation({
      id: 'getNoticeFramework',
      summary: "A framework notice's terms: period, maximum value, party cap, items with ceiling unit prices",
      responses: { 200: { description: 'Terms', schema: TermsAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await noticeFramework(req.actor, req.params.id));
    },
  );

  router.put(
    '/notices/:id/framework',
    operation({
      id: 'setNoticeFramework',
      summary: 'Set a draft notice up as a framework agreement (replaces its terms; drafts only)',
      responses: {
        200: { description: 'The agreement, tendering', schema: SetTermsAnswer },
        409: 'The notice is no longer a draft',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: termsFor }),
    async (req, res) => {
      res.json(await frameworks.setTerms(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/frameworks/price-changes',
    operation({
      id: 'requestFrameworkPriceChange',
      summary:
        "Ask for a change of one unit price: the party's supplier user ('requested') or an officer of the agency ('index-linked'); a reason is required",
      responses: {
        201: { description: 'Requested', schema: ChangeRequestedAnswer },
        409: 'A change of this price is already open, or the agreement is not active',
      },
    }),
    requirePolicy('account:use'),
    validate({ body: priceChangeFor }),
    async (req, res) => {
      res.status(201).json(await frameworks.request(req.actor, req.body));
    },
  );

  router.post(
    '/frameworks/price-changes/:id/decision',
    operation({
      id: 'decideFrameworkPriceChange',
      summary: 'Approve (checked against the price-change rule) or reject a price change, with a note',
      responses: {
        200: { description: 'Decided', schema: ChangeDecidedAnswer },
        409: 'Already decided',
        422: 'Refused by the rule: the most the price may become',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: DecisionInput }),
    async (req, res) => {
      res.json(await frameworks.decide(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/frameworks/prices/terms',
    operation({
      id: 'updateFrameworkSupplyTerms',
      summary: "The party's own delivery days and stock for one item (never the price)",
      responses: { 200: { description: 'Updated', schema: SupplyTermsAnswer } },
    }),
    requirePolicy('invoices:submit'),
    validate({ body: SupplierTermsInput }),
    async (req, res) => {
      res.json(await frameworks.updateTerms(req.actor, req.body));
    },
  );
  return router;
}
