/**
 * The officer's buttons on the notice page: "open now" (once the time has passed; idempotent),
 * re-tender and direct contract after a failed tender. The API (api.ts) calls the same services.
 */
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { failureService } from './failure.js';
import { Justification, retenderSchema } from './schema.js';
import { openingService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function openingPages(deps: Pick<Deps, 'audit' | 'mailer' | 'sealedBox' | 'relay'>, csrf: Csrf): Router {
  const router = Router();
  const opening = openingService(deps);
  const failure = failureService(deps);

  router.post(
    '/notices/:id/open',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams }),
    async (req, res) => {
      await opening.open(req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/notices/${req.params.id}`);
    },
  );

  router.post(
    '/notices/:id/retender',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams, body: retenderSchema }),
    async (req, res) => {
      await failure.retender(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/notices-desk`);
    },
  );

  router.post(
    '/notices/:id/direct-contract',
    requirePolicy('notices:manage'),
    csrf.protect,
    validate({ params: IdParams, body: Justification }),
    async (req, res) => {
      await failure.chooseDirectContract(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/notices/${req.params.id}`);
    },
  );
  return router;
}
