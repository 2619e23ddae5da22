/**
 * Sealed bids over the API: the server's time, submission (JSON, or multipart with proposal
 * files), the supplier's receipts and withdrawal. The same service as the bid page.
 */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { ownBids, serverTime } from './read.js';
import { bidSchema, OwnBidsAnswer, ReceiptAnswer, ServerTimeAnswer } from './schema.js';
import { bidsService } from './service.js';
import { receiveFiles, submissionOf } from './upload.js';

const operation = operations('bids');

export function bidApi(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'limits'>): Router {
  const router = Router();
  const bids = bidsService(deps);

  router.get(
    '/time',
    operation({
      id: 'getServerTime',
      summary: "The server's time: the clock that decides whether a bid is on time",
      responses: { 200: { description: 'serverTime (ISO 8601) and the tenant time zone', schema: ServerTimeAnswer } },
    }),
    publicRoute,
    async (req, res) => {
      res.json(await serverTime(req.actor));
    },
  );

  router.post(
    '/notices/:id/bids',
    operation({
      id: 'submitBid',
      summary:
        'Submit a sealed bid (JSON, or multipart with proposal files in `files`); replaces your current bid for the lot',
      upload: 'files',
      responses: {
        201: { description: 'Receipt: number, server time, SHA-256 of the submission', schema: ReceiptAnswer },
        403: 'Supplier not approved, registration expired, or debarred (reason given)',
        409: 'After the deadline (deadline and serverTime given)',
        413: 'Upload too large',
        415: 'Upload type not accepted',
        429: 'Too many uploads by this account; see Retry-After',
      },
    }),
    requirePolicy('bids:submit'),
    deps.limits.uploads(),
    receiveFiles,
    validate({ params: IdParams, body: (tenant) => bidSchema(tenant.config.currency) }),
    async (req, res) => {
      res.status(201).json(await bids.submit(req.actor, req.params.id, await submissionOf(req, res, req.body)));
    },
  );

  router.get(
    '/notices/:id/bids/mine',
    operation({
      id: 'listOwnBids',
      summary: "Your company's receipts for a notice (contents stay sealed until opening)",
      responses: { 200: { description: 'Receipts', schema: OwnBidsAnswer } },
    }),
    requirePolicy('bids:submit'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json({ bids: await ownBids(req.actor, req.params.id) });
    },
  );

  router.post(
    '/bids/:id/withdraw',
    operation({
      id: 'withdrawBid',
      summary: 'Withdraw your current bid before the deadline',
      responses: { 204: 'Withdrawn', 409: 'After the deadline' },
    }),
    requirePolicy('bids:submit'),
    validate({ params: IdParams }),
    async (req, res) => {
      await bids.withdraw(req.actor, req.params.id);
      res.status(204).end();
    },
  );
  return router;
}
