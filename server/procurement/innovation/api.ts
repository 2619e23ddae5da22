/** The innovative-products API: designations, the public list, test purchases. Same services as the pages. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { allProducts, oneProduct, oneTestPurchase, productsInForce, testPurchases } from './read.js';
import {
  DecisionInput,
  DesignationShape,
  EvaluationInput,
  ProductAnswer,
  ProductsAnswer,
  RevocationInput,
  TestPurchaseAnswer,
  TestRequestInput,
} from './schema.js';
import { innovationService } from './service.js';

const operation = operations('innovation');
const TestPurchasesAnswer = z.object({ testPurchases: z.array(TestPurchaseAnswer) });

export function innovationApi(deps: Deps): Router {
  const router = Router();
  const innovation = innovationService(deps);

  router.get(
    '/innovation/products',
    operation({
      id: 'listInnovativeProducts',
      summary: 'The innovative products whose designation is in force today (public)',
      responses: { 200: { description: 'Products', schema: ProductsAnswer } },
    }),
    publicRoute,
    async (req, res) => {
      res.json({ products: await productsInForce(req.actor) });
    },
  );

  router.get(
    '/innovation/designations',
    operation({
      id: 'listInnovativeDesignations',
      summary: 'Every designation, revoked and expired ones too (officers and tenant administrators)',
      responses: { 200: { description: 'Products', schema: ProductsAnswer } },
    }),
    requirePolicy('innovation:designate'),
    async (req, res) => {
      res.json({ products: await allProducts(req.actor) });
    },
  );

  router.get(
    '/innovation/products/:id',
    operation({
      id: 'getInnovativeProduct',
      summary: 'One innovative product (public while in force)',
      responses: { 200: { description: 'The product', schema: ProductAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await oneProduct(req.actor, req.params.id));
    },
  );

  router.post(
    '/innovation/products',
    operation({
      id: 'designateInnovativeProduct',
      summary:
        "Designate a registered supplier's product as innovative: name_<lng> and description_<lng> in the tenant's languages, " +
        'classification, unit, unitPrice, evidence, designatedFrom (YYYY-MM-DD); the validity comes from the tenant rule',
      responses: { 201: { description: 'The designation', schema: ProductAnswer } },
    }),
    requirePolicy('innovation:designate'),
    validate({ body: DesignationShape }),
    async (req, res) => {
      res.status(201).json(await innovation.designate(req.actor, req.body));
    },
  );

  router.post(
    '/innovation/products/:id/revocation',
    operation({
      id: 'revokeInnovativeProduct',
      summary: 'Revoke a designation, with the reason',
      responses: { 200: { description: 'The revoked designation', schema: ProductAnswer }, 409: 'Already revoked' },
    }),
    requirePolicy('innovation:designate'),
    validate({ params: IdParams, body: RevocationInput }),
    async (req, res) => {
      res.json(await innovation.revoke(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/innovation/products/:id/test-purchases',
    operation({
      id: 'requestTestPurchase',
      summary: "Ask for a test purchase (an agency's officer); quantity × unit price within the test-purchase limit",
      responses: {
        201: { description: 'The request', schema: TestPurchaseAnswer },
        409: 'The designation is not in force',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: TestRequestInput }),
    async (req, res) => {
      res.status(201).json(await innovation.requestTest(req.actor, req.params.id, req.body));
    },
  );

  router.get(
    '/innovation/test-purchases',
    operation({
      id: 'listTestPurchases',
      summary: "Test purchases: the caller's agency's, or all for officers deciding them and auditors",
      responses: { 200: { description: 'Test purchases', schema: TestPurchasesAnswer } },
    }),
    requirePolicy('account:use'),
    async (req, res) => {
      res.json({ testPurchases: await testPurchases(req.actor) });
    },
  );

  router.get(
    '/innovation/test-purchases/:id',
    operation({
      id: 'getTestPurchase',
      summary: 'One test purchase with its decision and evaluation report',
      responses: { 200: { description: 'The test purchase', schema: TestPurchaseAnswer } },
    }),
    requirePolicy('account:use'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json((await oneTestPurchase(req.actor, req.params.id)).purchase);
    },
  );

  router.post(
    '/innovation/test-purchases/:id/decision',
    operation({
      id: 'decideTestPurchase',
      summary: 'Approve or reject a test purchase (another officer than the requester); a rejection needs a note',
      responses: {
        200: { description: 'The decided test purchase', schema: TestPurchaseAnswer },
        409: 'Not awaiting a decision, or the caller asked for it',
      },
    }),
    requirePolicy('innovation:designate'),
    validate({ params: IdParams, body: DecisionInput }),
    async (req, res) => {
      res.json(await innovation.decide(req.actor, req.params.id, req.body));
    },
  );

  router.post(
    '/innovation/test-purchases/:id/evaluation',
    operation({
      id: 'evaluateTestPurchase',
      summary:
        "The agency's evaluation report: performance, quality, cost, support (1–5), findings, " +
        'recommendation (adopt | adopt-with-changes | do-not-adopt)',
      responses: {
        200: { description: 'The evaluated test purchase', schema: TestPurchaseAnswer },
        409: 'Not approved, or already evaluated',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: EvaluationInput }),
    async (req, res) => {
      res.json(await innovation.evaluate(req.actor, req.params.id, req.body));
    },
  );
  return router;
}
