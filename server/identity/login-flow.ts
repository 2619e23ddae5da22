/**
 * The steps of signing in in the browser that the routes (login-routes.ts) chain: where to go
 * after, starting the session, waiting for the second factor, and the sign-in form shown again
 * after a refusal (401 without a hint which part was wrong, or 429 with Retry-After).
 */
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { AppError } from '../http/errors.js';
import { refusalOf, type FormPage } from '../http/forms.js';
import { formField, ValidationError } from '../http/validate.js';
import { InvalidCredentialsError, LoginThrottledError } from './errors.js';
import type { LoginOutcome } from './login.js';
import { claimSession } from './session.js';
import type { SessionUser } from './users.js';

/** How long the password step stays good for the second factor to follow. */
const SECOND_FACTOR_WAIT_MS = 5 * 60 * 1000;

/**
 * Only same-tenant relative paths are followed after signing in; without one, the user lands on
 * their work page (what each of their roles has waiting).
 */
export function safeNext(req: Request, raw: unknown): string {
  const next = typeof raw === 'string' ? raw : '';
  return next.startsWith(`${req.baseUrl}/`) && !next.startsWith('//') && !/[\\\r\n]/.test(next)
    ? next
    : `${req.baseUrl}/work`;
}

/** Where the form says to go next: the posted field after a POST, the query when the page opens. */
const nextOf = (req: Request, posted: boolean) => safeNext(req, posted ? formField(req, 'next') : req.query.next);

/** Starts the signed-in session and goes on (to enrol a second factor first when it must). */
export function signIn(req: Request, res: Response, next: NextFunction, user: SessionUser, mustEnrol: boolean) {
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

/** The password was right and a second factor follows: a fresh session remembers whose. */
export function awaitSecondFactor(req: Request, res: Response, next: NextFunction, userId: string) {
  req.session.regenerate((error) => {
    if (error) return next(error);
    claimSession(req);
    req.session.pendingSecondFactor = { userId, at: Date.now() };
    res.redirect(303, `${req.baseUrl}/login/second-factor?next=${encodeURIComponent(nextOf(req, true))}`);
  });
}

/** The account waiting for its second factor, while the wait lasts. */
export function pendingSecondFactor(req: Request) {
  const pending = req.session.pendingSecondFactor;
  return pending && Date.now() - pending.at < SECOND_FACTOR_WAIT_MS ? pending : undefined;
}

/** The refusal a sign-in that did not succeed ends with. */
export function loginRefusal(outcome: LoginOutcome): InvalidCredentialsError | LoginThrottledError {
  if (outcome.kind === 'throttled') return new LoginThrottledError(outcome.retryAfterSeconds);
  return new InvalidCredentialsError(outcome.kind === 'refused' ? outcome.reason : 'invalid');
}

/**
 * The last step of a sign-in form: a refused or throttled attempt shows the form again (401 or
 * 429 with Retry-After). A form that does not parse is a failed sign-in like any other, and
 * keeps nothing that was typed.
 */
export function showSignInAgain(page: FormPage): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const refusal = error instanceof ValidationError ? new InvalidCredentialsError() : error;
    if (!(refusal instanceof InvalidCredentialsError || refusal instanceof LoginThrottledError)) return next(error);
    if (refusal.retryAfterSeconds !== undefined) res.set('Retry-After', String(refusal.retryAfterSeconds));
    res.status(refusal.status);
    const shown = refusalOf(refusal, req);
    if (error instanceof ValidationError) shown.values = {};
    Promise.resolve(page(req, res, shown)).catch(next);
  };
}

/** A form step before showFormAgain(): a refusal that says when to ask again sends Retry-After. */
export const sendRetryAfter: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (error instanceof AppError && error.retryAfterSeconds !== undefined)
    res.set('Retry-After', String(error.retryAfterSeconds));
  next(error);
};

export const loginPage: FormPage = (req, res, refusal) => {
  const email = refusal?.values.email;
  res.render('identity/login', {
    title: req.t('identity:login_title'),
    next: nextOf(req, !!refusal),
    ...(refusal ? { email: typeof email === 'string' ? email : '', error: refusal.error } : {}),
  });
};

export const secondFactorPage: FormPage = (req, res, refusal) => {
  res.render('identity/second-factor', {
    title: req.t('identity:second_factor_title'),
    next: nextOf(req, !!refusal),
    ...(refusal ? { error: refusal.error } : {}),
  });
};
