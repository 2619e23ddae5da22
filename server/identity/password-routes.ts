/**
 * Password reset by single-use expiring token, and e-mail verification. Answers never reveal
 * whether an account exists: even the limit on reset requests per e-mail address counts
 * addresses with and without an account alike.
 */
import { Router } from 'express';
import { z } from 'zod';
import { tenantLink } from '../http/origin.js';
import { hashedKeyPart } from '../http/request-limits.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { csrfProtection } from './csrf.js';
import { revokeAllApiTokens } from './api-tokens.js';
import { auditContextOf } from './passport.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { publicRoute } from './policy.js';
import { consumeAccountToken, createAccountToken, peekAccountToken } from './tokens.js';
import { findUserByEmail, findUserById } from './users.js';

type Csrf = ReturnType<typeof csrfProtection>;
const ForgotForm = z.object({ email: z.string().max(320) });
const ResetForm = z.object({ token: z.string().max(100), password: z.string().max(1024) });

export function passwordRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();

  router.get('/password/forgot', publicRoute, csrf.token, (req, res) => {
    res.render('identity/forgot', { title: req.t('identity:forgot_title') });
  });

  const perAddress = services.limits.perAddress('password-forgot-address');
  router.post('/password/forgot', publicRoute, csrf.protect, perAddress, async (req, res) => {
    const tenant = req.tenant!;
    const form = ForgotForm.safeParse(req.body);
    if (form.success) {
      const asked = `${tenant.slug}|email|${hashedKeyPart(form.data.email)}`;
      await services.limits.spend('password-forgot-account', asked);
      await inTenant(tenant, async (tx) => {
        const user = await findUserByEmail(tx, form.data.email);
        if (!user || user.status !== 'active') return;
        const token = await createAccountToken(tx, user.id, 'reset-password');
        await services.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'reset_password',
          params: {
            name: user.display_name,
            link: tenantLink(req, services.publicUrl, `/password/reset?token=${token}`),
          },
        });
        await services.audit.record(tx, tenant, auditContextOf(req), {
          action: 'auth.password-reset-requested',
          target: { type: 'user', id: user.id },
        });
      });
    }
    res.render('identity/message', { title: req.t('identity:forgot_title'), message: req.t('identity:forgot_sent') });
  });

  router.get('/password/reset', publicRoute, csrf.token, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const valid = await inTenant(req.tenant!, (tx) => peekAccountToken(tx, token, 'reset-password'));
    if (!valid)
      return res
        .status(410)
        .render('identity/message', { title: req.t('identity:reset_title'), message: req.t('identity:token_invalid') });
    res.render('identity/reset', { title: req.t('identity:reset_title'), token });
  });

  router.post('/password/reset', publicRoute, csrf.protect, csrf.token, async (req, res) => {
    const tenant = req.tenant!;
    const form = ResetForm.safeParse(req.body);
    const token = form.success ? form.data.token : '';
    const password = form.success ? form.data.password : '';
    const outcome = await inTenant(tenant, async (tx) => {
      const userId = await peekAccountToken(tx, token, 'reset-password');
      const user = userId ? await findUserById(tx, userId) : undefined;
      if (!user) return { kind: 'invalid' as const };
      const problem = passwordProblem(password, [user.email, user.display_name]);
      if (problem) return { kind: 'weak' as const, problem };
      await consumeAccountToken(tx, token, 'reset-password');
      await tx('users')
        .where({ id: user.id })
        // Real time, not the tenant clock: each reset gets its own stamp, which ends every browser
        // session signed in before it (passport.ts).
        .update({ password_hash: await hashPassword(password), password_changed_at: tx.raw('clock_timestamp()') });
      // ... and every machine session of the account.
      await revokeAllApiTokens(tx, user.id);
      await services.audit.record(
        tx,
        tenant,
        { ...auditContextOf(req), actor: { type: 'user', id: user.id, label: user.email } },
        {
          action: 'auth.password-reset',
          target: { type: 'user', id: user.id },
        },
      );
      return { kind: 'done' as const, email: user.email };
    });
    if (outcome.kind === 'invalid')
      return res
        .status(410)
        .render('identity/message', { title: req.t('identity:reset_title'), message: req.t('identity:token_invalid') });
    if (outcome.kind === 'weak')
      return res.status(422).render('identity/reset', {
        title: req.t('identity:reset_title'),
        token,
        errors: { password: req.t(outcome.problem) },
      });
    // Following the e-mailed link proves the mailbox: the account may sign in from anywhere again.
    await services.throttle.accountRecovered(tenant.slug, outcome.email);
    res.render('identity/message', {
      title: req.t('identity:reset_title'),
      message: req.t('identity:reset_done'),
      link: `${req.baseUrl}/login`,
    });
  });

  router.get('/verify-email', publicRoute, async (req, res) => {
    const tenant = req.tenant!;
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const verified = await inTenant(tenant, async (tx) => {
      const userId = await consumeAccountToken(tx, token, 'verify-email');
      if (!userId) return false;
      await tx('users')
        .where({ id: userId })
        .whereNull('email_verified_at')
        .update({ email_verified_at: tx.raw('app_now()') });
      await services.audit.record(
        tx,
        tenant,
        { ...auditContextOf(req), actor: { type: 'user', id: userId } },
        { action: 'auth.email-verified', target: { type: 'user', id: userId } },
      );
      return true;
    });
    res.status(verified ? 200 : 410).render('identity/message', {
      title: req.t('identity:verify_title'),
      message: req.t(verified ? 'identity:verify_done' : 'identity:token_invalid'),
      link: verified ? `${req.baseUrl}/login` : undefined,
    });
  });

  return router;
}
