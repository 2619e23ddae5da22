/**
 * The tenant's published signing keys: every version's Ed25519 public key for each purpose, so
 * anyone can check a countersignature (or a signed audit head) with the key id it names, also
 * one made before the tenant's newest data key.
 */
import { z } from 'zod';
import type { Actor } from '../identity/actor.js';
import { SIGNING_PURPOSES } from './keyring.js';
import type { TenantKeys } from './tenant-keys.js';

export const SigningKeys = z.object({
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

export type SigningKeys = z.infer<typeof SigningKeys>;

export function publishedKeys(keys: Pick<TenantKeys, 'ofTenant'>) {
  return async (actor: Actor): Promise<SigningKeys> => {
    const keyring = await keys.ofTenant(actor.tenant);
    return {
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
    };
  };
}
