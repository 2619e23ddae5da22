/** Execution targets: the tenant admin's page where they are set (per agency and fiscal year). */
import { Router, type Response } from 'express';
import type { Deps } from '../deps.js';
import { showFormAgain } from '../http/forms.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requirePolicy } from '../identity/policy.js';
import { targetsAdminPage } from './admin-page.js';
import { TargetForm, TargetsPageQuery } from './schema.js';
import { targetsService } from './targets-service.js';

type Csrf = ReturnType<typeof csrfProtection>;
const targetBody = validate({ body: TargetForm });

export function targetPages(deps: Pick<Deps, 'audit'>, csrf: Csrf): Router {
  const router = Router();
  const targets = targetsService(deps);
  const manage = requirePolicy('agencies:manage');

  router.get('/admin/targets', manage, csrf.token, validate({ query: TargetsPageQuery }), (req, res) =>
    targetsAdminPage(req, res),
  );
  router.post(
    '/admin/targets',
    manage,
    csrf.protect,
    csrf.token,
    targetBody,
    async (req: Parameters<typeof targetBody>[0], res: Response) => {
      await targets.set(req.actor, req.body);
      res.redirect(303, `${req.baseUrl}/admin/targets?year=${req.body.fiscalYear}&done=target`);
    },
    showFormAgain(targetsAdminPage),
  );
  return router;
}
