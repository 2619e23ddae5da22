/**
 * Signing in, for the browser and the API alike: password (argon2id), then the second factor
 * where the account has one. Failures are generic (no hint which part was wrong), throttled per
 * account and address, and audited like successes.
 */
import type { AuditContext, AuditTrail } from '../audit/trail.js';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { recordDeviceEvent, type ClientDevice } from './devices.js';
import { spendPasswordCheckTime, verifyPassword } from './passwords.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';
import { checkTotp, recordTotpStep, useRecoveryCode } from './second-factor.js';
import type { LoginThrottle } from './throttle.js';
import {
  findUserByEmail,
  findUserById,
  normalizeEmail,
  toSessionUser,
  type SessionUser,
  type UserRow,
} from './users.js';

export type LoginOutcome =
  | { kind: 'signed-in'; user: SessionUser; mustEnrollSecondFactor: boolean }
  | { kind: 'second-factor-needed'; userId: string }
  | { kind: 'refused'; reason: 'invalid' | 'unverified' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Who attempts to sign in: an Actor (actor.ts). Named here by its shape, since actor.ts reads the
 * audit context through passport.ts, which runs this service.
 */
interface Actor {
  tenant: TenantHandle;
  readonly user?: SessionUser | undefined;
  readonly audit: AuditContext;
}

export interface LoginDeps {
  audit: AuditTrail;
  keys: TenantKeys;
  throttle: LoginThrottle;
}

export interface LoginAttempt {
  email: string;
  password: string;
  /** A TOTP code or a recovery code, when the caller has it at hand (API clients). */
  secondFactor?: string;
  /** Where the attempt comes from (throttling by address, the device record). */
  device: ClientDevice;
}

export interface SecondFactorAttempt {
  /** The account that passed the password step (kept in the session meanwhile). */
  userId: string;
  code: string;
  device: ClientDevice;
}

/** The account signed in: last sign-in, device and audit entry. */
function succeed(deps: LoginDeps, actor: Actor, signIn: { user: UserRow; device: ClientDevice; method: string }) {
  const { user } = signIn;
  return inTenant(actor.tenant, async (tx) => {
    await tx('users')
      .where({ id: user.id })
      .update({ last_login_at: tx.raw('app_now()') });
    await recordDeviceEvent(tx, user.id, 'login', signIn.device);
    await deps.audit.record(
      tx,
      actor.tenant,
      { ...actor.audit, actor: { type: 'user', id: user.id, label: user.email } },
      {
        action: 'auth.login',
        target: { type: 'user', id: user.id },
        summary: { method: signIn.method },
      },
    );
    return {
      kind: 'signed-in' as const,
      user: toSessionUser(actor.tenant.slug, user),
      mustEnrollSecondFactor: tenantRequiresSecondFactor(actor.tenant, user.roles) && !user.totp_enabled_at,
    };
  });
}

/** A failed attempt, audited against the account it named (which may not exist). */
function fail(deps: LoginDeps, actor: Actor, failure: { email: string; reason: string }) {
  return inTenant(actor.tenant, (tx) =>
    deps.audit.record(
      tx,
      actor.tenant,
      { ...actor.audit, actor: { type: 'anonymous' } },
      {
        action: 'auth.login-failed',
        target: { type: 'account', id: normalizeEmail(failure.email) },
        summary: { reason: failure.reason },
      },
    ),
  );
}

/** A TOTP code (each step used once) or an unused recovery code. */
function verifySecondFactor(deps: LoginDeps, tenant: TenantHandle, attempt: { user: UserRow; code: string }) {
  const { user, code } = attempt;
  return inTenant(tenant, async (tx) => {
    const step = await checkTotp(await deps.keys.forTenant(tx, tenant.slug), user, code);
    if (step !== null) {
      await recordTotpStep(tx, user.id, step);
      return true;
    }
    return useRecoveryCode(tx, user.id, code);
  });
}

async function passwordStep(deps: LoginDeps, actor: Actor, attempt: LoginAttempt): Promise<LoginOutcome> {
  const { tenant } = actor;
  const email = normalizeEmail(attempt.email);
  const address = attempt.device.address ?? 'unknown';
  const verdict = await deps.throttle.check(tenant.slug, email, address);
  if (!verdict.allowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await inTenant(tenant, (tx) => findUserByEmail(tx, email));
  const passwordOk =
    user && user.status === 'active'
      ? await verifyPassword(user.password_hash, attempt.password)
      : (await spendPasswordCheckTime(attempt.password), false);
  if (!user || !passwordOk) {
    await deps.throttle.failed(tenant.slug, email, address);
    await fail(deps, actor, { email, reason: 'invalid-credentials' });
    return { kind: 'refused', reason: 'invalid' };
  }
  if (!user.email_verified_at) {
    await fail(deps, actor, { email, reason: 'email-not-verified' });
    return { kind: 'refused', reason: 'unverified' };
  }
  if (user.totp_enabled_at) {
    if (attempt.secondFactor === undefined) return { kind: 'second-factor-needed', userId: user.id };
    if (!(await verifySecondFactor(deps, tenant, { user, code: attempt.secondFactor }))) {
      await deps.throttle.failed(tenant.slug, email, address);
      await fail(deps, actor, { email, reason: 'invalid-second-factor' });
      return { kind: 'refused', reason: 'invalid' };
    }
  }
  await deps.throttle.succeeded(tenant.slug, email, address);
  const method = user.totp_enabled_at ? 'password+totp' : 'password';
  return succeed(deps, actor, { user, device: attempt.device, method });
}

async function secondFactorStep(deps: LoginDeps, actor: Actor, attempt: SecondFactorAttempt): Promise<LoginOutcome> {
  const { tenant } = actor;
  const user = await inTenant(tenant, (tx) => findUserById(tx, attempt.userId));
  if (!user || user.status !== 'active') return { kind: 'refused', reason: 'invalid' };
  const address = attempt.device.address ?? 'unknown';
  const verdict = await deps.throttle.check(tenant.slug, user.email, address);
  if (!verdict.allowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  if (!(await verifySecondFactor(deps, tenant, { user, code: attempt.code }))) {
    await deps.throttle.failed(tenant.slug, normalizeEmail(user.email), address);
    await fail(deps, actor, { email: user.email, reason: 'invalid-second-factor' });
    return { kind: 'refused', reason: 'invalid' };
  }
  await deps.throttle.succeeded(tenant.slug, normalizeEmail(user.email), address);
  return succeed(deps, actor, { user, device: attempt.device, method: 'password+totp' });
}

/** Records that the signed-in user signs out (the session ends in the route). */
async function signOut(deps: LoginDeps, actor: Actor): Promise<void> {
  const user = actor.user;
  if (!user) return;
  await inTenant(actor.tenant, (tx) =>
    deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'auth.logout',
      target: { type: 'user', id: user.id },
    }),
  );
}

export function loginService(deps: LoginDeps) {
  return {
    passwordStep: (actor: Actor, attempt: LoginAttempt) => passwordStep(deps, actor, attempt),
    secondFactorStep: (actor: Actor, attempt: SecondFactorAttempt) => secondFactorStep(deps, actor, attempt),
    signOut: (actor: Actor) => signOut(deps, actor),
  };
}

export type LoginService = ReturnType<typeof loginService>;
