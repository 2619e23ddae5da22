/**
 * GET /api/v1/audit/heads: the tenant's signed audit heads, public and paged, with the public keys
 * that verify them, so anyone can keep copies outside the operator's database and check them later
 * (docs/audit-trail.md). A head reveals a block's hash and number only, nothing of its entries.
 */
import { Router } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { operations } from '../http/operation.js';
import { validate } from '../http/validate.js';
import { publicRoute } from '../identity/policy.js';
import { HeadsAnswer, HeadsPage, publishedHeads } from './heads-read.js';

const operation = operations('audit');
type HeadsPage = z.output<typeof HeadsPage>;

export function auditHeadsApi(services: Pick<Deps, 'keys'>): Router {
  const router = Router();
  const readHeads = publishedHeads(services.keys);
  // The query type is named: express's types would otherwise keep ParsedQs for the whole chain.
  router.get<'/audit/heads', ParamsDictionary, unknown, unknown, ParsedQs & HeadsPage>(
    '/audit/heads',
    operation({
      id: 'listAuditHeads',
      summary:
        'Signed audit heads after block `after` (at most `limit`, default 100, up to 1000), in block order, with the Ed25519 public keys (raw, base64) that verify them; each signature covers the JCS canonical JSON of {blockHash, blockNo, tenant}',
      responses: {
        200: { description: 'heads, keys, and nextAfter (null on the last page)', schema: HeadsAnswer },
        422: '`after` or `limit` is not a whole number in range',
      },
    }),
    publicRoute,
    validate({ query: HeadsPage }),
    async (req, res) => {
      res.json(await readHeads(req.actor, req.query));
    },
  );
  return router;
}
