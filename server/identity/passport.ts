/**
 * Passport with the local strategy. Sessions hold only the user id and password stamp; each request
 * reloads the account from the request's tenant (a deactivated account, or one whose password was
 * reset or changed since, is signed out at once). The strategy
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
  // The session keeps the user id and the password stamp it signed in with (see SessionUser).
  passport.serializeUser((user, done) => done(null, { id: user.id, stamp: user.credentialsStamp }));
  passport.deserializeUser(
    (req: Request, stored: unknown, done: (error: unknown, user?: Express.User | false) => void) => {
      const tenant = req.tenant!;
      const { id, stamp } = (stored ?? {}) as { id?: unknown; stamp?: unknown };
      if (typeof id !== 'string' || typeof stamp !== 'number') return done(null, false);
      inTenant(tenant, (tx) => findUserById(tx, id)).then((row) => {
        const user = row && row.status === 'active' ? toSessionUser(tenant.slug, row) : undefined;
        // A password set since this session signed in ends it.
        done(null, user && user.credentialsStamp === stamp ? user : false);
      }, done);
    },
  );
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, email, password, done) => {
        login.passwordStep(req.actor, { email, password, device: clientDevice(req, req.res) }).then(
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
