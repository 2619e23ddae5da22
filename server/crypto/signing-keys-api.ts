/**
 * GET /api/v1/signing-keys: the tenant's published signing keys (published-keys.ts). Public: a
 * public key is meant to be handed out.
 */
import { Router } from 'express';
import type { Deps } from '../deps.js';
import { operations } from '../http/operation.js';
import { publicRoute } from '../identity/policy.js';
import { publishedKeys, SigningKeys } from './published-keys.js';

const operation = operations('tenant');

export function signingKeysApi(services: Pick<Deps, 'keys'>): Router {
  const router = Router();
  const readKeys = publishedKeys(services.keys);
  router.get(
    '/signing-keys',
    operation({
      id: 'listSigningKeys',
      summary:
        "The tenant's signing public keys, every version, newest first: verify a signature with the keyId it names",
      responses: { 200: { description: 'Public keys', schema: SigningKeys } },
    }),
    publicRoute,
    async (req, res) => {
      res.json(await readKeys(req.actor));
    },
  );
  return router;
}
