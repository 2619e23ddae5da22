/**
 * GET /api/v1/audit/heads: the tenant's signed audit heads, public and paged, with the public keys
 * that verify them, so anyone can keep copies outside the operator's database and check them later
 * (docs/audit-trail.md). A head reveals a block's hash and number only, nothing of its entries.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDoc } from '../http/api-doc-legacy.js';
import { parseInput } from '../http/validate.js';
import { publicRoute } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { auditHeadPublicKeys } from './head-signing.js';
import { listHeads } from './heads.js';

const HeadsPage = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const HeadsResponse = z.object({
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

export function auditHeadsApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  doc.add({
    method: 'get',
    path: '/audit/heads',
    tag: 'audit',
    summary:
      'Signed audit heads after block `after` (at most `limit`, default 100, up to 1000), in block order, with the Ed25519 public keys (raw, base64) that verify them; each signature covers the JCS canonical JSON of {blockHash, blockNo, tenant}',
    authenticated: false,
    responses: {
      '200': { description: 'heads, keys, and nextAfter (null on the last page)', schema: HeadsResponse },
      '422': { description: '`after` or `limit` is not a whole number in range' },
    },
  });
  router.get('/audit/heads', publicRoute, async (req, res) => {
    const page = parseInput(HeadsPage, req.query);
    const slug = req.tenant!.slug;
    // One more than asked tells whether another page follows.
    const heads = await listHeads(req.tenant!, { after: page.after, limit: page.limit + 1 });
    const shown = heads.slice(0, page.limit);
    res.json({
      tenant: slug,
      signedPayload: 'JCS (RFC 8785) of {"blockHash","blockNo","tenant"}',
      keys: await auditHeadPublicKeys(services.keys, req.tenant!),
      heads: shown,
      nextAfter: heads.length > page.limit ? shown.at(-1)!.blockNo : null,
    } satisfies z.infer<typeof HeadsResponse>);
  });
  return router;
}
