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
}

export function loginService(deps: LoginDeps) {
  const succeed = async (
    tenant: TenantHandle,
    context: AuditContext,
    device: ClientDevice,
    user: UserRow,
    method: string,
  ) =>
    inTenant(tenant, async (tx) => {
      await tx('users')
        .where({ id: user.id })
        .update({ last_login_at: tx.raw('app_now()') });
      await recordDeviceEvent(tx, user.id, 'login', device);
      await deps.audit.record(
        tx,
        tenant,
        { ...context, actor: { type: 'user', id: user.id, label: user.email } },
        {
          action: 'auth.login',
          target: { type: 'user', id: user.id },
          summary: { method },
        },
      );
      return {
        kind: 'signed-in' as const,
        user: toSessionUser(tenant.slug, user),
        mustEnrollSecondFactor: tenantRequiresSecondFactor(tenant, user.roles) && !user.totp_enabled_at,
      };
    });

  const fail = (tenant: TenantHandle, context: AuditContext, email: string, reason: string) =>
    inTenant(tenant, (tx) =>
      deps.audit.record(
        tx,
        tenant,
        { ...context, actor: { type: 'anonymous' } },
        {
          action: 'auth.login-failed',
          target: { type: 'account', id: normalizeEmail(email) },
          summary: { reason },
        },
      ),
    );

  async function verifySecondFactor(tenant: TenantHandle, user: UserRow, code: string): Promise<boolean> {
    return inTenant(tenant, async (tx) => {
      const step = await checkTotp(await deps.keys.forTenant(tx, tenant.slug), user, code);
      if (step !== null) {
        await recordTotpStep(tx, user.id, step);
        return true;
      }
      return useRecoveryCode(tx, user.id, code);
    });
  }

  return {
    async passwordStep(
      tenant: TenantHandle,
      context: AuditContext,
      device: ClientDevice,
      attempt: LoginAttempt,
    ): Promise<LoginOutcome> {
      const email = normalizeEmail(attempt.email);
      const address = device.address ?? 'unknown';
      const verdict = await deps.throttle.check(tenant.slug, email, address);
      if (!verdict.allowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
      const user = await inTenant(tenant, (tx) => findUserByEmail(tx, email));
      const passwordOk =
        user && user.status === 'active'
          ? await verifyPassword(user.password_hash, attempt.password)
          : (await spendPasswordCheckTime(attempt.password), false);
      if (!user || !passwordOk) {
        await deps.throttle.failed(tenant.slug, email, address);
        await fail(tenant, context, email, 'invalid-credentials');
        return { kind: 'refused', reason: 'invalid' };
      }
      if (!user.email_verified_at) {
        await fail(tenant, context, email, 'email-not-verified');
        return { kind: 'refused', reason: 'unverified' };
      }
      if (user.totp_enabled_at) {
        if (attempt.secondFactor === undefined) return { kind: 'second-factor-needed', userId: user.id };
        if (!(await verifySecondFactor(tenant, user, attempt.secondFactor))) {
          await deps.throttle.failed(tenant.slug, email, address);
          await fail(tenant, context, email, 'invalid-second-factor');
          return { kind: 'refused', reason: 'invalid' };
        }
      }
      await deps.throttle.succeeded(tenant.slug, email, address);
      return succeed(tenant, context, device, user, user.totp_enabled_at ? 'password+totp' : 'password');
    },

    async secondFactorStep(
      tenant: TenantHandle,
      context: AuditContext,
      device: ClientDevice,
      userId: string,
      code: string,
    ): Promise<LoginOutcome> {
      const user = await inTenant(tenant, (tx) => findUserById(tx, userId));
      if (!user || user.status !== 'active') return { kind: 'refused', reason: 'invalid' };
      const address = device.address ?? 'unknown';
      const verdict = await deps.throttle.check(tenant.slug, user.email, address);
      if (!verdict.allowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
      if (!(await verifySecondFactor(tenant, user, code))) {
        await deps.throttle.failed(tenant.slug, normalizeEmail(user.email), address);
        await fail(tenant, context, user.email, 'invalid-second-factor');
        return { kind: 'refused', reason: 'invalid' };
      }
      await deps.throttle.succeeded(tenant.slug, normalizeEmail(user.email), address);
      return succeed(tenant, context, device, user, 'password+totp');
    },
  };
}

export type LoginService = ReturnType<typeof loginService>;
