/**
 * The tenant's signed audit heads as the public reads them, a page at a time, with the public
 * keys that verify them (heads-api.ts). A head reveals a block's hash and number only.
 */
import { z } from 'zod';
import type { Actor } from '../identity/actor.js';
import { auditHeadPublicKeys, type HeadKeys } from './head-signing.js';
import { listHeads } from './heads.js';

export const HeadsPage = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const HeadsAnswer = z.object({
  tenant: z.string(),
  signedPayload: z.string(),
  keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), publicKey: z.string() })),
  heads: z.array(
    z.object({
      slug: z.string(),
      blockNo: z.number().int(),
      blockHash: z.string(),
      sig: z.string(),
      keyId: z.string(),
    }),
  ),
  nextAfter: z.number().int().nullable(),
});

export type HeadsAnswer = z.infer<typeof HeadsAnswer>;

export function publishedHeads(keys: HeadKeys) {
  return async (actor: Actor, page: z.infer<typeof HeadsPage>): Promise<HeadsAnswer> => {
    const { tenant } = actor;
    // One more than asked tells whether another page follows.
    const heads = await listHeads(tenant, { after: page.after, limit: page.limit + 1 });
    const shown = heads.slice(0, page.limit);
    return {
      tenant: tenant.slug,
      signedPayload: 'JCS (RFC 8785) of {"blockHash","blockNo","tenant"}',
      keys: await auditHeadPublicKeys(keys, tenant),
      heads: shown,
      nextAfter: heads.length > page.limit ? shown.at(-1)!.blockNo : null,
    };
  };
}
