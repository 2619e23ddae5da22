/**
 * Password reset by single-use expiring token (password-reset.ts), and e-mail verification by the
 * link sent at registration (email-verification.ts). Answers never reveal whether an account exists.
 */
import { Router, type RequestHandler } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { tenantLink } from '../http/origin.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from './csrf.js';
import { emailVerificationService } from './email-verification.js';
import { showLinkInvalid, showMessage } from './message-page.js';
import { passwordResetService } from './password-reset.js';
import { publicRoute } from './policy.js';

type Csrf = ReturnType<typeof csrfProtection>;
/** An address that does not parse is answered like any other, and nothing is sent. */
const ForgotForm = z.object({ email: z.string().max(320).optional().catch(undefined) });
/** A form that does not parse names no valid link. */
const ResetForm = z
  .object({ token: z.string().max(100), password: z.string().max(1024) })
  .catch({ token: '', password: '' });
const TokenQuery = z.object({ token: z.string().catch('') });

const resetPage: FormPage = (req, res, refusal) => {
  const token = refusal ? refusal.values.token : req.query.token;
  res.render('identity/reset', {
    title: req.t('identity:reset_title'),
    token: typeof token === 'string' ? token : '',
    ...(refusal ? { errors: refusal.errors } : {}),
  });
};

export function passwordRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const resets = passwordResetService(services);
  const verification = emailVerificationService(services);

  router.get('/password/forgot', publicRoute, csrf.token, (req, res) => {
    res.render('identity/forgot', { title: req.t('identity:forgot_title') });
  });

  const perAddress = services.limits.perAddress('password-forgot-address');
  router.post(
    '/password/forgot',
    publicRoute,
    csrf.protect,
    perAddress,
    validate({ body: ForgotForm }),
    async (req, res) => {
      await resets.request(req.actor, { email: req.body.email, linkBase: tenantLink(req, services.publicUrl, '') });
      showMessage(req, res, { title: 'identity:forgot_title', message: 'identity:forgot_sent' });
    },
  );

  const resetForm: RequestHandler<ParamsDictionary, unknown, unknown, z.infer<typeof TokenQuery>> = async (
    req,
    res,
  ) => {
    await resets.check(req.actor, req.query.token);
    await resetPage(req, res);
  };
  router.get(
    '/password/reset',
    publicRoute,
    csrf.token,
    validate({ query: TokenQuery }),
    resetForm,
    showLinkInvalid('identity:reset_title'),
  );

  const reset: RequestHandler<ParamsDictionary, unknown, z.infer<typeof ResetForm>> = async (req, res) => {
    await resets.reset(req.actor, req.body);
    showMessage(req, res, {
      title: 'identity:reset_title',
      message: 'identity:reset_done',
      link: `${req.baseUrl}/login`,
    });
  };
  router.post(
    '/password/reset',
    publicRoute,
    csrf.protect,
    csrf.token,
    validate({ body: ResetForm }),
    reset,
    showLinkInvalid('identity:reset_title'),
    showFormAgain(resetPage),
  );

  const verify: RequestHandler<ParamsDictionary, unknown, unknown, z.infer<typeof TokenQuery>> = async (req, res) => {
    await verification.verify(req.actor, req.query.token);
    showMessage(req, res, {
      title: 'identity:verify_title',
      message: 'identity:verify_done',
      link: `${req.baseUrl}/login`,
    });
  };
  router.get(
    '/verify-email',
    publicRoute,
    validate({ query: TokenQuery }),
    verify,
    showLinkInvalid('identity:verify_title'),
  );

  return router;
}
