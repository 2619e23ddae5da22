/**
 * The tenant's published signing keys: every version's Ed25519 public key for each purpose, so
 * anyone can check a countersignature (or a signed audit head) with the key id it names, also
 * one made before the tenant's newest data key. Public: a public key is meant to be handed out.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDoc } from '../http/api-doc-legacy.js';
import { publicRoute } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { SIGNING_PURPOSES } from './tenant-keys.js';

const SigningKeys = z.object({
  algorithm: z.literal('Ed25519'),
  keys: z.array(
    z.object({
      purpose: z.string(),
      keyId: z.string(),
      version: z.number().int(),
      current: z.boolean(),
      publicKey: z.string().describe('the raw 32-byte public key, base64'),
    }),
  ),
});

export function signingKeysApi(services: Pick<Deps, 'keys'>, doc: ApiDoc): Router {
  const router = Router();
  doc.add({
    method: 'get',
    path: '/signing-keys',
    tag: 'tenant',
    summary:
      "The tenant's signing public keys, every version, newest first: verify a signature with the keyId it names",
    authenticated: false,
    responses: { '200': { description: 'Public keys', schema: SigningKeys } },
  });
  router.get('/signing-keys', publicRoute, async (req, res) => {
    const keyring = await services.keys.ofTenant(req.tenant!);
    res.json({
      algorithm: 'Ed25519',
      keys: SIGNING_PURPOSES.flatMap((purpose) =>
        keyring.signingKeys(purpose).map((k) => ({
          purpose,
          keyId: k.keyId,
          version: k.version,
          current: k.version === keyring.version,
          publicKey: k.publicKeyRaw,
        })),
      ),
    } satisfies z.infer<typeof SigningKeys>);
  });
  return router;
}
