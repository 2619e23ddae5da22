/** Signing in and out in the browser: password, then the second factor where there is one. */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { formField } from '../http/validate.js';
import type { Deps } from '../deps.js';
import { clientDevice } from './devices.js';
import type { LoginOutcome } from './login.js';
import { auditContextOf, loginOutcomeOf, type PassportInstance } from './passport.js';
import { publicRoute, signedInRoute } from './policy.js';
import { claimSession } from './session.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { SessionUser } from './users.js';
import type { csrfProtection } from './csrf.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** Only same-tenant relative paths are followed after signing in. */
function safeNext(req: Request, raw: unknown): string {
  const next = typeof raw === 'string' ? raw : '';
  return next.startsWith(`${req.baseUrl}/`) && !next.startsWith('//') && !/[\\\r\n]/.test(next)
    ? next
    : `${req.baseUrl}/account`;
}

function signIn(req: Request, res: Response, next: NextFunction, user: SessionUser, mustEnrol: boolean) {
  req.login(user, (error) => {
    if (error) return next(error);
    claimSession(req);
    delete req.session.pendingSecondFactor;
    res.redirect(
      303,
      mustEnrol ? `${req.baseUrl}/account/second-factor` : safeNext(req, formField(req, 'next') ?? req.query.next),
    );
  });
}

function refusal(req: Request, res: Response, outcome: LoginOutcome, view: string, values: Record<string, unknown>) {
  if (outcome.kind === 'throttled') {
    res.set('Retry-After', String(outcome.retryAfterSeconds));
    return res.status(429).render(view, {
      ...values,
      error: req.t('identity:login_throttled', { minutes: Math.ceil(outcome.retryAfterSeconds / 60) }),
    });
  }
  const key =
    outcome.kind === 'refused' && outcome.reason === 'unverified'
      ? 'identity:login_unverified'
      : 'identity:login_failed';
  res.status(401).render(view, { ...values, error: req.t(key) });
}

const LoginForm = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  next: z.string().max(500).optional(),
});
const CodeForm = z.object({ code: z.string().max(40) });

export function loginRoutes(services: Deps, passport: PassportInstance, csrf: Csrf): Router {
  const router = Router();

  router.get('/login', publicRoute, csrf.token, (req, res) => {
    res.render('identity/login', { title: req.t('identity:login_title'), next: safeNext(req, req.query.next) });
  });

  router.post('/login', publicRoute, csrf.protect, csrf.token, (req, res, next) => {
    const form = LoginForm.safeParse(req.body);
    const values = {
      title: req.t('identity:login_title'),
      email: form.success ? form.data.email : '',
      next: safeNext(req, formField(req, 'next')),
    };
    if (!form.success)
      return res.status(401).render('identity/login', { ...values, error: req.t('identity:login_failed') });
    const authenticate = passport.authenticate.bind(passport) as (
      strategy: string,
      options: { session: boolean },
      callback: (error: unknown, user: SessionUser | false) => void,
    ) => RequestHandler;
    authenticate('local', { session: false }, (error, user) => {
      if (error) return next(error);
      const outcome = loginOutcomeOf(req);
      if (user && outcome?.kind === 'signed-in') return signIn(req, res, next, user, outcome.mustEnrollSecondFactor);
      if (outcome?.kind === 'second-factor-needed') {
        return req.session.regenerate((e) => {
          if (e) return next(e);
          claimSession(req);
          req.session.pendingSecondFactor = { userId: outcome.userId, at: Date.now() };
          res.redirect(303, `${req.baseUrl}/login/second-factor?next=${encodeURIComponent(values.next)}`);
        });
      }
      refusal(req, res, outcome ?? { kind: 'refused', reason: 'invalid' }, 'identity/login', values);
    })(req, res, next);
  });

  const pending = (req: Request) => {
    const p = req.session.pendingSecondFactor;
    return p && Date.now() - p.at < 5 * 60 * 1000 ? p : undefined;
  };

  router.get('/login/second-factor', publicRoute, csrf.token, (req, res) => {
    if (!pending(req)) return res.redirect(`${req.baseUrl}/login`);
    res.render('identity/second-factor', {
      title: req.t('identity:second_factor_title'),
      next: safeNext(req, req.query.next),
    });
  });

  router.post('/login/second-factor', publicRoute, csrf.protect, csrf.token, async (req, res, next) => {
    const waiting = pending(req);
    if (!waiting) return res.redirect(303, `${req.baseUrl}/login`);
    const form = CodeForm.safeParse(req.body);
    const code = form.success ? form.data.code : '';
    const outcome = await services.login.secondFactorStep(req.actor, {
      userId: waiting.userId,
      code,
      device: clientDevice(req, res),
    });
    if (outcome.kind === 'signed-in') return signIn(req, res, next, outcome.user, false);
    refusal(req, res, outcome, 'identity/second-factor', {
      title: req.t('identity:second_factor_title'),
      next: safeNext(req, formField(req, 'next')),
    });
  });

  router.post('/logout', signedInRoute, csrf.protect, async (req, res, next) => {
    const user = req.user!;
    await inTenant(req.tenant!, (tx) =>
      services.audit.record(tx, req.tenant!, auditContextOf(req), {
        action: 'auth.logout',
        target: { type: 'user', id: user.id },
      }),
    );
    req.logout((error) => {
      if (error) return next(error);
      req.session.destroy(() => res.redirect(303, `${req.baseUrl}/`));
    });
  });

  return router;
}
