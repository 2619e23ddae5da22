/** Pre-specification disclosures in the tenant API: public reads, officers open and reply, suppliers comment. */
import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { findDisclosure, listDisclosures, publicView } from './read.js';
import { Comment, OpenDisclosure, Reply } from './schema.js';
import { preSpecificationService } from './service.js';

const Opened = z.object({
  id: z.string(),
  closesOn: z.string(),
  closesAt: z.string(),
  appliedRules: z.array(z.string()),
});

export function preSpecificationApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const disclosures = preSpecificationService(services);

  doc.add({
    method: 'get',
    path: '/pre-specifications',
    tag: 'pre-specifications',
    summary: 'Pre-specification disclosures, newest first, with their period and state',
    authenticated: false,
    responses: {
      '200': { description: 'Disclosures' },
      '429': { description: 'Too many requests from this address; see Retry-After' },
    },
  });
  router.get('/pre-specifications', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const rows = await listDisclosures(req.tenant!);
    res.json({ preSpecifications: rows.map((r) => publicView(r, req.lng, req.tenant!.config)) });
  });

  doc.add({
    method: 'get',
    path: '/pre-specifications/{id}',
    tag: 'pre-specifications',
    summary: 'One disclosure with its comments and replies (commenters are not named)',
    authenticated: false,
    responses: { '200': { description: 'The disclosure' }, '404': { description: 'No such disclosure' } },
  });
  router.get('/pre-specifications/:id', publicRoute, async (req, res) => {
    const found = await findDisclosure(req.tenant!, String(req.params.id));
    if (!found) throw new NotFoundError('pre_specification_not_found', 'prespec:not_found');
    res.json({ ...publicView(found.row, req.lng, req.tenant!.config), comments: found.comments });
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/pre-specification',
    tag: 'pre-specifications',
    summary: "Open the pre-specification disclosure of a draft notice; the period follows the tenant's rule",
    authenticated: true,
    body: OpenDisclosure,
    responses: {
      '201': { description: 'Opened, with the closing day and the rule version applied', schema: Opened },
      '422': { description: 'Invalid input, not a draft, or already opened' },
    },
  });
  router.post('/notices/:id/pre-specification', requirePolicy('notices:manage'), async (req, res) => {
    const { summary } = parseInput(OpenDisclosure, req.body ?? {});
    const opened = await disclosures.open(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), summary);
    res.status(201).json({ ...opened, closesAt: opened.closesAt.toISOString() });
  });

  doc.add({
    method: 'post',
    path: '/pre-specifications/{id}/comments',
    tag: 'pre-specifications',
    summary: 'Comment on a draft specification (supplier users, while the disclosure is open)',
    authenticated: true,
    body: Comment,
    responses: { '201': { description: 'Commented' }, '422': { description: 'Closed or invalid' } },
  });
  router.post('/pre-specifications/:id/comments', requirePolicy('supplier:read-own'), async (req, res) => {
    const { comment } = parseInput(Comment, req.body ?? {});
    const id = await disclosures.comment(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), comment);
    res.status(201).json({ id });
  });

  doc.add({
    method: 'post',
    path: '/pre-specification-comments/{id}/reply',
    tag: 'pre-specifications',
    summary: 'Reply to a comment in public; the commenter is told by e-mail',
    authenticated: true,
    body: Reply,
    responses: { '204': { description: 'Replied' }, '422': { description: 'Invalid or already replied' } },
  });
  router.post('/pre-specification-comments/:id/reply', requirePolicy('notices:manage'), async (req, res) => {
    const { reply } = parseInput(Reply, req.body ?? {});
    await disclosures.reply(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reply);
    res.status(204).end();
  });
  return router;
}
