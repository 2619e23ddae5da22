/**
 * Opening and what follows a failed tender: the public opening record, the officer's "open now"
 * (once the time has passed; idempotent), re-tender and direct contract. Pages and API call the
 * same services.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { localDateTime } from '../notices/schema.js';
import { failureService } from './failure.js';
import { openingRecord, openingService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;
const Justification = z.object({ justification: z.string().trim().min(20).max(8000) });
const retenderSchema = (req: Request) =>
  z.object({
    submissionDeadline: localDateTime(req.tenant!.config.timeZone),
    openingAt: localDateTime(req.tenant!.config.timeZone),
  });

export function openingPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const back = (req: Request, id: string) => `${req.baseUrl}/notices/${id}`;
  router.post('/notices/:id/open', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const id = String(req.params.id);
    await openingService(services).open(req.tenant!, auditContextOf(req), id, req.user!);
    res.redirect(303, back(req, id));
  });
  router.post('/notices/:id/retender', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const dates = parseInput(retenderSchema(req), req.body ?? {});
    await failureService(services).retender(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), dates);
    res.redirect(303, `${req.baseUrl}/notices-desk`);
  });
  router.post('/notices/:id/direct-contract', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const id = String(req.params.id);
    const { justification } = parseInput(Justification, req.body ?? {});
    await failureService(services).chooseDirectContract(req.tenant!, req.user!, auditContextOf(req), id, justification);
    res.redirect(303, back(req, id));
  });
  return router;
}

export function openingApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  doc.add({
    method: 'get',
    path: '/notices/{id}/opening',
    tag: 'opening',
    summary: 'The published opening record: bidders, prices, receipt hashes, reserve price, flags',
    authenticated: false,
    responses: { '200': { description: 'Opening record' }, '404': { description: 'Not opened yet' } },
  });
  router.get('/notices/:id/opening', publicRoute, async (req, res) => {
    const record = await inTenant(req.tenant!, (tx) => openingRecord(tx, String(req.params.id)));
    if (!record) throw new NotFoundError('opening_not_found', 'opening:not_opened');
    res.json(record);
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/open',
    tag: 'opening',
    summary: 'Open the tender now (after its opening time; returns the existing record if already opened)',
    authenticated: true,
    responses: { '200': { description: 'Opening record' }, '409': { description: 'Before the opening time' } },
  });
  router.post('/notices/:id/open', requirePolicy('notices:manage'), async (req, res) => {
    res.json(await openingService(services).open(req.tenant!, auditContextOf(req), String(req.params.id), req.user!));
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/retender',
    tag: 'opening',
    summary: 'Re-tender a failed notice: a linked draft copy with new dates',
    authenticated: true,
    responses: { '201': { description: 'The new draft' }, '409': { description: 'The notice has not failed' } },
  });
  router.post('/notices/:id/retender', requirePolicy('notices:manage'), async (req, res) => {
    const dates = parseInput(retenderSchema(req), req.body ?? {});
    const id = await failureService(services).retender(
      req.tenant!,
      req.user!,
      auditContextOf(req),
      String(req.params.id),
      dates,
    );
    res.status(201).json({ id, statusDetails: 'draft' });
  });

  doc.add({
    method: 'get',
    path: '/notices/{id}/direct-contract',
    tag: 'opening',
    summary: 'Whether the rules allow a direct contract now, and which rule versions decide',
    authenticated: true,
    responses: { '200': { description: 'Verdict' } },
  });
  router.get('/notices/:id/direct-contract', requirePolicy('notices:manage'), async (req, res) => {
    res.json(await failureService(services).directContractVerdict(req.tenant!, String(req.params.id)));
  });
  doc.add({
    method: 'post',
    path: '/notices/{id}/direct-contract',
    tag: 'opening',
    summary: 'Choose a direct contract for a failed notice, with a written justification',
    authenticated: true,
    body: Justification,
    responses: { '201': { description: 'Decided' }, '422': { description: 'Not allowed yet: the rule and the count' } },
  });
  router.post('/notices/:id/direct-contract', requirePolicy('notices:manage'), async (req, res) => {
    const { justification } = parseInput(Justification, req.body ?? {});
    res
      .status(201)
      .json(
        await failureService(services).chooseDirectContract(
          req.tenant!,
          req.user!,
          auditContextOf(req),
          String(req.params.id),
          justification,
        ),
      );
  });
  return router;
}
