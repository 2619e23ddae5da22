/**
 * Passport with the local strategy. Sessions hold only the user id; each request reloads the
 * account from the request's tenant (a deactivated account is signed out at once). The strategy
 * runs the shared login service, which also decides whether a second factor must follow.
 */
import passportModule from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Request } from 'express';
import type { AuditContext } from '../audit/trail.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { clientDevice } from './devices.js';
import type { LoginOutcome, LoginService } from './login.js';
import { findUserById, toSessionUser } from './users.js';

export function auditContextOf(req: Request): AuditContext {
  return {
    actor: req.user ? { type: 'user', id: req.user.id, label: req.user.email } : { type: 'anonymous' },
    requestId: typeof req.id === 'string' ? req.id : null,
    clientAddress: req.ip ?? null,
    locale: req.lng ?? null,
  };
}

/** Where the strategy leaves the whole outcome for the route (second factor, throttling…). */
export function loginOutcomeOf(req: Request): LoginOutcome | undefined {
  return (req.res?.locals as { loginOutcome?: LoginOutcome } | undefined)?.loginOutcome;
}

export type PassportInstance = InstanceType<typeof passportModule.Passport>;

export function createPassport(login: LoginService): PassportInstance {
  const passport = new passportModule.Passport();
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((req: Request, id: string, done: (error: unknown, user?: Express.User | false) => void) => {
    const tenant = req.tenant!;
    inTenant(tenant, (tx) => findUserById(tx, id)).then(
      (row) => done(null, row && row.status === 'active' ? toSessionUser(tenant.slug, row) : false),
      (error: unknown) => done(error),
    );
  });
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, email, password, done) => {
        login.passwordStep(req.tenant!, auditContextOf(req), clientDevice(req, req.res), { email, password }).then(
          (outcome: LoginOutcome) => {
            if (req.res) (req.res.locals as { loginOutcome?: LoginOutcome }).loginOutcome = outcome;
            done(null, outcome.kind === 'signed-in' ? outcome.user : false);
          },
          (error: unknown) => done(error),
        );
      },
    ),
  );
  return passport;
}
