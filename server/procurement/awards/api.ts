/** The award API: notice of award, finalization after the standstill, complaints and answers. */
import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { parseInput } from '../../http/validate.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { isUuid } from '../evaluation/committee.js';
import { awardsService, type AwardRow } from './service.js';

export const Complaint = z.object({ grounds: z.string().trim().min(20).max(8000) });
export const Answer = z.object({
  decision: z.enum(['upheld', 'dismissed']),
  answer: z.string().trim().min(10).max(8000),
});

/** The award and the complaints about it, as the public sees them (complainants are not named). */
export async function publicAward(tenant: Parameters<typeof inTenant>[0], noticeId: string) {
  if (!isUuid(noticeId)) return undefined;
  return inTenant(tenant, async (tx) => {
    const award = await tx<AwardRow>('awards').where({ notice_id: noticeId }).orderBy('published_at', 'desc').first();
    if (!award) return undefined;
    const supplier = await tx('suppliers')
      .where({ id: award.supplier_id })
      .first<{ legal_name: Record<string, string>; registration_no: string }>('legal_name', 'registration_no');
    const complaints = await tx('complaints').where({ notice_id: noticeId }).orderBy('filed_at').select<
      {
        id: string;
        grounds: string;
        status: string;
        answer: string | null;
        filed_at: Date;
        answered_at: Date | null;
      }[]
    >('id', 'grounds', 'status', 'answer', 'filed_at', 'answered_at');
    return {
      id: award.id,
      status: award.status,
      amount: Number(award.amount),
      supplier: { name: supplier.legal_name, registrationNo: supplier.registration_no },
      publishedAt: award.published_at.toISOString(),
      standstillEndsAt: award.standstill_ends_at.toISOString(),
      finalAt: award.final_at?.toISOString() ?? null,
      rules: award.applied_rules,
      complaints: complaints.map((c) => ({
        id: c.id,
        grounds: c.grounds,
        status: c.status,
        answer: c.answer,
        filedAt: c.filed_at.toISOString(),
        answeredAt: c.answered_at?.toISOString() ?? null,
      })),
    };
  });
}

export function awardApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const awards = awardsService(services);
  const add = doc.tagged('awards');

  add('post', '/notices/{id}/award', 'Publish the notice of award from the final evaluation; the standstill starts', {
    '201': { description: 'Award' },
    '409': { description: 'No final evaluation, or already awarded' },
  });
  router.post('/notices/:id/award', requirePolicy('notices:manage'), async (req, res) => {
    const award = await awards.publish(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res
      .status(201)
      .json({ id: award.id, status: award.status, standstillEndsAt: award.standstill_ends_at.toISOString() });
  });

  add(
    'get',
    '/notices/{id}/award',
    'The award, its standstill and the complaints with their answers',
    { '200': { description: 'Award' } },
    undefined,
    false,
  );
  router.get('/notices/:id/award', publicRoute, async (req, res) => {
    const award = await publicAward(req.tenant!, String(req.params.id));
    if (!award) throw new NotFoundError('award_not_found', 'awards:not_found');
    res.json(award);
  });

  add('post', '/notices/{id}/award/finalize', 'Make the award final (after the standstill, with no open complaint)', {
    '200': { description: 'Final' },
    '409': { description: 'Standstill running or a complaint open' },
  });
  router.post('/notices/:id/award/finalize', requirePolicy('notices:manage'), async (req, res) => {
    const award = await awards.finalize(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.json({ id: award.id, status: award.status });
  });

  add(
    'post',
    '/notices/{id}/complaints',
    'File a complaint about the award during the standstill (bidders only)',
    { '201': { description: 'Filed' }, '409': { description: 'Outside the standstill' } },
    Complaint,
  );
  router.post('/notices/:id/complaints', requirePolicy('complaints:file'), async (req, res) => {
    const { grounds } = parseInput(Complaint, req.body ?? {});
    res.status(201).json({
      id: await awards.fileComplaint(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), grounds),
    });
  });

  add(
    'post',
    '/complaints/{id}/answer',
    'Answer a complaint with reasons: upheld reopens the evaluation, dismissed keeps the award',
    { '204': { description: 'Answered' } },
    Answer,
  );
  router.post('/complaints/:id/answer', requirePolicy('notices:manage'), async (req, res) => {
    const input = parseInput(Answer, req.body ?? {});
    await awards.answerComplaint(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input);
    res.status(204).end();
  });
  return router;
}
