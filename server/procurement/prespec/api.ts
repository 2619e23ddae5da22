/** Pre-specification disclosures in the tenant API: public reads, officers open and reply, suppliers comment. */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { listDisclosures, publicView, readDisclosure } from './read.js';
import { Comment, Commented, DisclosureList, DisclosureWithComments, Opened, OpenDisclosure, Reply } from './schema.js';
import { preSpecificationService } from './service.js';

const operation = operations('pre-specifications');
const disclosure = validate({ params: IdParams });
const open = validate({ params: IdParams, body: OpenDisclosure });
const comment = validate({ params: IdParams, body: Comment });
const reply = validate({ params: IdParams, body: Reply });

/** What everyone may read: the disclosures and their comments. */
function readRoutes(router: Router, deps: Deps): void {
  router.get(
    '/pre-specifications',
    operation({
      id: 'listPreSpecifications',
      summary: 'Pre-specification disclosures, newest first, with their period and state',
      responses: {
        200: { description: 'Disclosures', schema: DisclosureList },
        429: 'Too many requests from this address; see Retry-After',
      },
    }),
    publicRoute,
    deps.limits.perAddress('public-search'),
    async (req, res) => {
      const rows = await listDisclosures(req.actor);
      res.json({ preSpecifications: rows.map((r) => publicView(r, req.lng, req.actor.tenant.config)) });
    },
  );

  router.get(
    '/pre-specifications/:id',
    operation({
      id: 'getPreSpecification',
      summary: 'One disclosure with its comments and replies (commenters are not named)',
      responses: { 200: { description: 'The disclosure', schema: DisclosureWithComments } },
    }),
    publicRoute,
    disclosure,
    async (req: Parameters<typeof disclosure>[0], res: Response) => {
      const found = await readDisclosure(req.actor, req.params.id);
      res.json({ ...publicView(found.row, req.lng, req.actor.tenant.config), comments: found.comments });
    },
  );
}

/** Officers open disclosures and reply; suppliers comment. */
function writeRoutes(router: Router, deps: Deps): void {
  const disclosures = preSpecificationService(deps);
  router.post(
    '/notices/:id/pre-specification',
    operation({
      id: 'openPreSpecification',
      summary: "Open the pre-specification disclosure of a draft notice; the period follows the tenant's rule",
      responses: {
        201: { description: 'Opened, with the closing day and the rule version applied', schema: Opened },
        422: 'Invalid input, not a draft, or already opened',
      },
    }),
    requirePolicy('notices:manage'),
    open,
    async (req: Parameters<typeof open>[0], res: Response) => {
      const opened = await disclosures.open(req.actor, req.params.id, req.body);
      res.status(201).json({ ...opened, closesAt: opened.closesAt.toISOString() });
    },
  );

  router.post(
    '/pre-specifications/:id/comments',
    operation({
      id: 'commentOnPreSpecification',
      summary: 'Comment on a draft specification (supplier users, while the disclosure is open)',
      responses: { 201: { description: 'Commented', schema: Commented }, 422: 'Closed or invalid' },
    }),
    requirePolicy('supplier:read-own'),
    comment,
    async (req: Parameters<typeof comment>[0], res: Response) => {
      res.status(201).json({ id: await disclosures.comment(req.actor, req.params.id, req.body) });
    },
  );

  router.post(
    '/pre-specification-comments/:id/reply',
    operation({
      id: 'replyToPreSpecificationComment',
      summary: 'Reply to a comment in public; the commenter is told by e-mail',
      responses: { 204: 'Replied', 422: 'Invalid or already replied' },
    }),
    requirePolicy('notices:manage'),
    reply,
    async (req: Parameters<typeof reply>[0], res: Response) => {
      await disclosures.reply(req.actor, req.params.id, req.body);
      res.status(204).end();
    },
  );
}

export function preSpecificationApi(deps: Deps): Router {
  const router = Router();
  readRoutes(router, deps);
  writeRoutes(router, deps);
  return router;
}
