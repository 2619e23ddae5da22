/** The award's forms on the notice page: filing a complaint and answering it (the view is view.ts). */
import { Router } from 'express';
import { z } from 'zod';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { requirePolicy } from '../../identity/policy.js';
import { parseInput } from '../../http/validate.js';
import type { Deps } from '../../deps.js';
import { Answer, Complaint } from './api.js';
import { awardsService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function awardPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const awards = awardsService(services);
  router.post('/notices/:id/complaints', requirePolicy('complaints:file'), csrf.protect, async (req, res) => {
    const { grounds } = parseInput(Complaint, req.body ?? {});
    await awards.fileComplaint(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), grounds);
    res.redirect(303, `${req.baseUrl}/notices/${String(req.params.id)}`);
  });
  router.post('/complaints/:id/answer', requirePolicy('notices:manage'), csrf.protect, async (req, res) => {
    const { noticeId, ...input } = parseInput(Answer.extend({ noticeId: z.uuid() }), req.body ?? {});
    await awards.answerComplaint(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input);
    res.redirect(303, `${req.baseUrl}/notices/${noticeId}`);
  });
  return router;
}
