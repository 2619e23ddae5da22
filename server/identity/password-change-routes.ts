/**
 * A signed-in user changes their own password, proving the current one. The new password ends
 * every other browser session (their stamp no longer matches, see passport.ts) and every API token
 * of the account; this session carries on with the new stamp.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { revokeAllApiTokens } from './api-tokens.js';
import type { csrfProtection } from './csrf.js';
import { auditContextOf } from './passport.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { requirePolicy } from './policy.js';
import { findUserById, toSessionUser, type UserRow } from './users.js';

type Csrf = ReturnType<typeof csrfProtection>;
const ChangeForm = z.object({ current_password: z.string().max(1024), password: z.string().max(1024) });

export function passwordChangeRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const render = (
    req: Parameters<Parameters<typeof router.get>[1]>[0],
    res: Parameters<Parameters<typeof router.get>[1]>[1],
    status: number,
    errors?: Record<string, string>,
  ) =>
    res.status(status).render('identity/change-password', { title: req.t('identity:change_password_title'), errors });

  router.get('/account/password', requirePolicy('account:use'), csrf.token, (req, res) => render(req, res, 200));

  router.post('/account/password', requirePolicy('account:use'), csrf.protect, csrf.token, async (req, res, next) => {
    const tenant = req.tenant!;
    const form = ChangeForm.safeParse(req.body);
    const current = form.success ? form.data.current_password : '';
    const password = form.success ? form.data.password : '';
    const address = req.ip ?? 'unknown';
    const verdict = await services.throttle.check(tenant.slug, req.user!.email, address);
    if (!verdict.allowed) {
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      return render(req, res, 429, {
        current_password: req.t('identity:login_throttled', { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }),
      });
    }
    const outcome = await inTenant(tenant, async (tx) => {
      const user = await findUserById(tx, req.user!.id);
      if (!user || !(await verifyPassword(user.password_hash, current))) return { kind: 'wrong' as const };
      const problem = passwordProblem(password, [user.email, user.display_name]);
      if (problem) return { kind: 'weak' as const, problem };
      // Real time, not the tenant clock: a fixed or moved clock must still give each change its own stamp.
      const [updated] = await tx<UserRow>('users')
        .where({ id: user.id })
        .update({ password_hash: await hashPassword(password), password_changed_at: tx.raw('clock_timestamp()') })
        .returning<UserRow[]>('*');
      const tokens = await revokeAllApiTokens(tx, user.id);
      await services.audit.record(tx, tenant, auditContextOf(req), {
        action: 'auth.password-changed',
        target: { type: 'user', id: user.id },
        summary: { apiTokensRevoked: tokens },
      });
      return { kind: 'done' as const, user: toSessionUser(tenant.slug, updated!) };
    });
    if (outcome.kind === 'wrong') {
      await services.throttle.failed(tenant.slug, req.user!.email, address);
      return render(req, res, 422, { current_password: req.t('identity:current_password_wrong') });
    }
    if (outcome.kind === 'weak') return render(req, res, 422, { password: req.t(outcome.problem) });
    // A fresh session id with the new stamp: this browser stays signed in, every other one is not.
    req.login(outcome.user, (error) => {
      if (error) return next(error);
      res.render('identity/message', {
        title: req.t('identity:change_password_title'),
        message: req.t('identity:change_password_done'),
        link: `${req.baseUrl}/account`,
      });
    });
  });

  return router;
}
