/**
 * Accepting an invitation: the invitee opens the e-mailed link, chooses a password (the same
 * policy as everywhere) and so also confirms the address. The token is single-use and expires
 * after seven days; a used, expired or unknown one (or a deactivated account) gets a 410 page.
 * Signing in comes next, where staff roles must enrol their second factor.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { csrfProtection } from '../identity/csrf.js';
import { auditContextOf } from '../identity/passport.js';
import { hashPassword, passwordProblem } from '../identity/passwords.js';
import { publicRoute } from '../identity/policy.js';
import { consumeAccountToken, peekAccountToken } from '../identity/tokens.js';
import { findUserById, type UserRow } from '../identity/users.js';
import type { Deps } from '../deps.js';
import type { Knex } from 'knex';
import { inTenant } from '../tenancy/tenant-context.js';

type Csrf = ReturnType<typeof csrfProtection>;
const AcceptForm = z.object({ token: z.string().max(100), password: z.string().max(1024) });

/** The account an invitation token is for, while both are still good. */
async function invitee(tx: Knex.Transaction, token: string): Promise<UserRow | undefined> {
  const userId = await peekAccountToken(tx, token, 'invitation');
  const user = userId ? await findUserById(tx, userId) : undefined;
  return user?.status === 'active' ? user : undefined;
}

function gone(req: Request, res: Response) {
  res
    .status(410)
    .render('identity/message', { title: req.t('admin:invitation_title'), message: req.t('admin:invitation_invalid') });
}

export function invitationPages(services: Deps, csrf: Csrf): Router {
  const router = Router();

  router.get('/invitation', publicRoute, csrf.token, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const user = await inTenant(req.tenant!, (tx) => invitee(tx, token));
    if (!user) return gone(req, res);
    res.render('admin/invitation', {
      title: req.t('admin:invitation_title'),
      token,
      name: user.display_name,
      email: user.email,
    });
  });

  router.post('/invitation', publicRoute, csrf.protect, csrf.token, async (req, res) => {
    const tenant = req.tenant!;
    const form = AcceptForm.safeParse(req.body);
    const token = form.success ? form.data.token : '';
    const password = form.success ? form.data.password : '';
    const outcome = await inTenant(tenant, async (tx) => {
      const user = await invitee(tx, token);
      if (!user) return { kind: 'invalid' as const };
      const problem = passwordProblem(password, [user.email, user.display_name]);
      if (problem) return { kind: 'weak' as const, problem, user };
      if (!(await consumeAccountToken(tx, token, 'invitation'))) return { kind: 'invalid' as const };
      await tx('users')
        .where({ id: user.id })
        .update({
          password_hash: await hashPassword(password),
          password_changed_at: tx.raw('app_now()'),
          email_verified_at: tx.raw('coalesce(email_verified_at, app_now())'),
          updated_at: tx.raw('app_now()'),
        });
      await services.audit.record(
        tx,
        tenant,
        { ...auditContextOf(req), actor: { type: 'user', id: user.id, label: user.email } },
        { action: 'user.invitation-accepted', target: { type: 'user', id: user.id } },
      );
      return { kind: 'done' as const };
    });
    if (outcome.kind === 'invalid') return gone(req, res);
    if (outcome.kind === 'weak')
      return res.status(422).render('admin/invitation', {
        title: req.t('admin:invitation_title'),
        token,
        name: outcome.user.display_name,
        email: outcome.user.email,
        errors: { password: req.t(outcome.problem) },
      });
    res.render('identity/message', {
      title: req.t('admin:invitation_title'),
      message: req.t('admin:invitation_done'),
      link: `${req.baseUrl}/login`,
    });
  });

  return router;
}
