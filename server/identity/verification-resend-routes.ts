/**
 * A new e-mail confirmation link for a self-registered account (email-verification.ts). Like the
 * forgotten-password form, the answer never reveals whether an account exists or waits for
 * confirmation, and it is limited per client address and per e-mail address typed
 * (http/rate-limits.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { tenantLink } from '../http/origin.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from './csrf.js';
import { emailVerificationService } from './email-verification.js';
import { showMessage } from './message-page.js';
import { publicRoute } from './policy.js';

type Csrf = ReturnType<typeof csrfProtection>;
/** An address that does not parse is answered like any other, and nothing is sent. */
const ResendForm = z.object({ email: z.string().max(320).optional().catch(undefined) });

export function verificationResendRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const verification = emailVerificationService(services);

  router.get('/verify-email/resend', publicRoute, csrf.token, (req, res) => {
    res.render('identity/resend-verification', { title: req.t('identity:resend_title') });
  });

  const perAddress = services.limits.perAddress('verification-resend-address');
  router.post(
    '/verify-email/resend',
    publicRoute,
    csrf.protect,
    perAddress,
    validate({ body: ResendForm }),
    async (req, res) => {
      const linkBase = tenantLink(req, services.publicUrl, '');
      await verification.resend(req.actor, { email: req.body.email, linkBase });
      showMessage(req, res, { title: 'identity:resend_title', message: 'identity:resend_sent' });
    },
  );

  return router;
}
