/** Signing in and out in the browser: password, then the second factor where there is one. */
import { Router, type Request, type RequestHandler, type Response, type NextFunction } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from './csrf.js';
import { clientDevice } from './devices.js';
import {
  awaitSecondFactor,
  loginPage,
  loginRefusal,
  pendingSecondFactor,
  secondFactorPage,
  showSignInAgain,
  signIn,
} from './login-flow.js';
import { loginOutcomeOf, type PassportInstance } from './passport.js';
import { publicRoute, signedInRoute } from './policy.js';
import type { LoginService } from './login.js';
import type { SessionUser } from './users.js';

type Csrf = ReturnType<typeof csrfProtection>;

const LoginForm = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  next: z.string().max(500).optional(),
});
/** A code that does not parse counts as a wrong one: throttled and audited like one. */
const CodeForm = z.object({ code: z.string().max(40) }).catch({ code: '' });

/** The password step, through passport's local strategy (which runs the login service). */
function passwordStep(passport: PassportInstance): RequestHandler {
  const authenticate = passport.authenticate.bind(passport) as (
    strategy: string,
    options: { session: boolean },
    callback: (error: unknown, user: SessionUser | false) => void,
  ) => RequestHandler;
  return (req: Request, res: Response, next: NextFunction) => {
    authenticate('local', { session: false }, (error, user) => {
      if (error) return next(error);
      const outcome = loginOutcomeOf(req) ?? { kind: 'refused', reason: 'invalid' };
      if (user && outcome.kind === 'signed-in') return signIn(req, res, next, user, outcome.mustEnrollSecondFactor);
      if (outcome.kind === 'second-factor-needed') return awaitSecondFactor(req, res, next, outcome.userId);
      next(loginRefusal(outcome));
    })(req, res, next);
  };
}

/** The code of the second factor, for the account that passed the password step. */
function secondFactorStep(login: LoginService): RequestHandler<ParamsDictionary, unknown, z.infer<typeof CodeForm>> {
  return async (req, res, next) => {
    const waiting = pendingSecondFactor(req);
    if (!waiting) return res.redirect(303, `${req.baseUrl}/login`);
    const device = clientDevice(req, res);
    const outcome = await login.secondFactorStep(req.actor, { userId: waiting.userId, code: req.body.code, device });
    if (outcome.kind === 'signed-in') return signIn(req, res, next, outcome.user, false);
    next(loginRefusal(outcome));
  };
}

export function loginRoutes(services: Deps, passport: PassportInstance, csrf: Csrf): Router {
  const router = Router();

  router.get('/login', publicRoute, csrf.token, (req, res) => loginPage(req, res));

  router.post(
    '/login',
    publicRoute,
    csrf.protect,
    csrf.token,
    validate({ body: LoginForm }),
    passwordStep(passport),
    showSignInAgain(loginPage),
  );

  router.get('/login/second-factor', publicRoute, csrf.token, (req, res) => {
    if (!pendingSecondFactor(req)) return res.redirect(`${req.baseUrl}/login`);
    return secondFactorPage(req, res);
  });

  router.post(
    '/login/second-factor',
    publicRoute,
    csrf.protect,
    csrf.token,
    validate({ body: CodeForm }),
    secondFactorStep(services.login),
    showSignInAgain(secondFactorPage),
  );

  router.post('/logout', signedInRoute, csrf.protect, async (req, res, next) => {
    await services.login.signOut(req.actor);
    req.logout((error) => {
      if (error) return next(error);
      req.session.destroy(() => res.redirect(303, `${req.baseUrl}/`));
    });
  });

  return router;
}
