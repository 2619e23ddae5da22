/** The award's forms on the notice page: filing a complaint and answering it (the view is view.ts). */
import { Router, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { requirePolicy } from '../../identity/policy.js';
import { AnswerForm, Complaint } from './schema.js';
import { awardsService } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const complaint = validate({ params: IdParams, body: Complaint });
const answer = validate({ params: IdParams, body: AnswerForm });

export function awardPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const awards = awardsService(deps);
  router.post(
    '/notices/:id/complaints',
    requirePolicy('complaints:file'),
    csrf.protect,
    complaint,
    async (req: Parameters<typeof complaint>[0], res: Response) => {
      await awards.fileComplaint(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/notices/${req.params.id}`);
    },
  );
  router.post(
    '/complaints/:id/answer',
    requirePolicy('notices:manage'),
    csrf.protect,
    answer,
    async (req: Parameters<typeof answer>[0], res: Response) => {
      const { noticeId, ...input } = req.body;
      await awards.answerComplaint(req.actor, req.params.id, input);
      res.redirect(303, `${req.baseUrl}/notices/${noticeId}`);
    },
  );
  return router;
}
