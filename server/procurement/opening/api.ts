/**
 * Opening over the API: the public opening record, the officer's "open now", and what follows a
 * failed tender (re-tender, the direct-contract verdict and decision). The same services as the pages.
 */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { failureService } from './failure.js';
import { readOpening } from './read.js';
import {
  DirectContractAnswer,
  DirectContractVerdictAnswer,
  Justification,
  OpeningAnswer,
  RetenderAnswer,
  retenderSchema,
} from './schema.js';
import { openingService } from './service.js';

const operation = operations('opening');

type OpeningDeps = Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'relay'>;

export function openingApi(deps: OpeningDeps): Router {
  return Router().use(openingRoutes(deps), failureRoutes(deps));
}

/** The opening record, and opening a tender. */
function openingRoutes(deps: OpeningDeps): Router {
  const router = Router();
  const opening = openingService(deps);

  router.get(
    '/notices/:id/opening',
    operation({
      id: 'getOpening',
      summary: 'The published opening record: bidders, prices, receipt hashes, reserve price, flags',
      responses: { 200: { description: 'Opening record', schema: OpeningAnswer }, 404: 'Not opened yet' },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await readOpening(req.actor, req.params.id));
    },
  );

  router.post(
    '/notices/:id/open',
    operation({
      id: 'openTender',
      summary: 'Open the tender now (after its opening time; returns the existing record if already opened)',
      responses: { 200: { description: 'Opening record', schema: OpeningAnswer }, 409: 'Before the opening time' },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await opening.open(req.actor, req.params.id));
    },
  );

  return router;
}

/** After a failed tender: re-tender, or a direct contract where the rules allow it. */
function failureRoutes(deps: OpeningDeps): Router {
  const router = Router();
  const failure = failureService(deps);

  router.post(
    '/notices/:id/retender',
    operation({
      id: 'retenderNotice',
      summary: 'Re-tender a failed notice: a linked draft copy with new dates',
      responses: { 201: { description: 'The new draft', schema: RetenderAnswer }, 409: 'The notice has not failed' },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: retenderSchema }),
    async (req, res) => {
      const id = await failure.retender(req.actor, req.params.id, req.body);
      res.status(201).json({ id, statusDetails: 'draft' });
    },
  );

  router.get(
    '/notices/:id/direct-contract',
    operation({
      id: 'getDirectContractVerdict',
      summary: 'Whether the rules allow a direct contract now, and which rule versions decide',
      responses: { 200: { description: 'Verdict', schema: DirectContractVerdictAnswer } },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams }),
    async (req, res) => {
      res.json(await failure.directContractVerdict(req.actor, req.params.id));
    },
  );

  router.post(
    '/notices/:id/direct-contract',
    operation({
      id: 'chooseDirectContract',
      summary: 'Choose a direct contract for a failed notice, with a written justification',
      responses: {
        201: { description: 'Decided', schema: DirectContractAnswer },
        409: 'The notice has not failed',
        422: 'Invalid input, or not allowed yet: the rule and the count',
      },
    }),
    requirePolicy('notices:manage'),
    validate({ params: IdParams, body: Justification }),
    async (req, res) => {
      res.status(201).json(await failure.chooseDirectContract(req.actor, req.params.id, req.body));
    },
  );
  return router;
}
