/**
 * A new e-mail confirmation link for a self-registered account whose first link was lost or ran
 * out (it lives 48 hours). Only accounts that were sent a confirmation link at registration get
 * one: an invited user confirms by accepting the invitation. Like the forgotten-password form, the
 * answer never reveals whether an account exists or waits for confirmation, and it is limited per
 * client address and per e-mail address typed (http/rate-limits.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { tenantLink } from '../http/origin.js';
import { hashedKeyPart } from '../http/request-limits.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { csrfProtection } from './csrf.js';
import { auditContextOf } from './passport.js';
import { publicRoute } from './policy.js';
import { createAccountToken } from './tokens.js';
import { findUserByEmail } from './users.js';

type Csrf = ReturnType<typeof csrfProtection>;
const ResendForm = z.object({ email: z.string().max(320) });

export function verificationResendRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();

  router.get('/verify-email/resend', publicRoute, csrf.token, (req, res) => {
    res.render('identity/resend-verification', { title: req.t('identity:resend_title') });
  });

  const perAddress = services.limits.perAddress('verification-resend-address');
  router.post('/verify-email/resend', publicRoute, csrf.protect, perAddress, async (req, res) => {
    const tenant = req.tenant!;
    const form = ResendForm.safeParse(req.body);
    if (form.success) {
      await services.limits.spend(
        'verification-resend-account',
        `${tenant.slug}|email|${hashedKeyPart(form.data.email)}`,
      );
      await inTenant(tenant, async (tx) => {
        const user = await findUserByEmail(tx, form.data.email);
        if (!user || user.status !== 'active' || user.email_verified_at) return;
        const registered = await tx('account_tokens')
          .where({ user_id: user.id, purpose: 'verify-email' })
          .first<{ id: string } | undefined>('id');
        if (!registered) return;
        const token = await createAccountToken(tx, user.id, 'verify-email');
        await services.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'verify_email',
          params: {
            name: user.display_name,
            link: tenantLink(req, services.publicUrl, `/verify-email?token=${token}`),
          },
        });
        await services.audit.record(tx, tenant, auditContextOf(req), {
          action: 'auth.verification-resent',
          target: { type: 'user', id: user.id },
        });
      });
    }
    res.render('identity/message', { title: req.t('identity:resend_title'), message: req.t('identity:resend_sent') });
  });

  return router;
}
