/**
 * Password reset by single-use expiring token. Asking never reveals whether an account exists:
 * even the limit on reset requests per e-mail address counts addresses with and without an
 * account alike. A reset ends every session of the account, browser and machine.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { hashedKeyPart } from '../http/request-limits.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Actor } from './actor.js';
import { revokeAllApiTokens } from './api-tokens.js';
import { AccountTokenInvalidError, WeakPasswordError } from './errors.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { consumeAccountToken, createAccountToken, peekAccountToken } from './tokens.js';
import { findUserByEmail, findUserById, type UserRow } from './users.js';

export interface ResetRequest {
  /** Absent when the form held no usable address: nothing is sent, and the answer is the same. */
  email?: string | undefined;
  /** The tenant's absolute address, for the link in the e-mail. */
  linkBase: string;
}

export interface NewPassword {
  token: string;
  password: string;
}

type Reset = { kind: 'invalid' } | { kind: 'weak'; problem: string } | { kind: 'done'; email: string };

/** Sets the new password and ends every session of the account. */
async function setPassword(
  audit: Deps['audit'],
  tx: Knex.Transaction,
  change: { actor: Actor; user: UserRow; input: NewPassword },
): Promise<void> {
  const { actor, user, input } = change;
  await consumeAccountToken(tx, input.token, 'reset-password');
  await tx('users')
    .where({ id: user.id })
    // Real time, not the tenant clock: each reset gets its own stamp, which ends every browser
    // session signed in before it (passport.ts).
    .update({ password_hash: await hashPassword(input.password), password_changed_at: tx.raw('clock_timestamp()') });
  // ... and every machine session of the account.
  await revokeAllApiTokens(tx, user.id);
  await audit.record(
    tx,
    actor.tenant,
    { ...actor.audit, actor: { type: 'user', id: user.id, label: user.email } },
    { action: 'auth.password-reset', target: { type: 'user', id: user.id } },
  );
}

export function passwordResetService(deps: Pick<Deps, 'limits' | 'mailer' | 'audit' | 'throttle'>) {
  return {
    /** E-mails a reset link to an active account with this address; says nothing either way. */
    async request(actor: Actor, input: ResetRequest): Promise<void> {
      const { tenant } = actor;
      const email = input.email;
      if (email === undefined) return;
      await deps.limits.spend('password-forgot-account', `${tenant.slug}|email|${hashedKeyPart(email)}`);
      await inTenant(tenant, async (tx) => {
        const user = await findUserByEmail(tx, email);
        if (!user || user.status !== 'active') return;
        const token = await createAccountToken(tx, user.id, 'reset-password');
        await deps.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'reset_password',
          params: { name: user.display_name, link: `${input.linkBase}/password/reset?token=${token}` },
        });
        await deps.audit.record(tx, tenant, actor.audit, {
          action: 'auth.password-reset-requested',
          target: { type: 'user', id: user.id },
        });
      });
    },

    /** Refuses a reset link that is used, expired or unknown (410). */
    async check(actor: Actor, token: string): Promise<void> {
      const valid = await inTenant(actor.tenant, (tx) => peekAccountToken(tx, token, 'reset-password'));
      if (!valid) throw new AccountTokenInvalidError();
    },

    /** Sets the new password the link allows: 410 for a spent link, 422 for a weak password. */
    async reset(actor: Actor, input: NewPassword): Promise<void> {
      const outcome = await inTenant(actor.tenant, async (tx): Promise<Reset> => {
        const userId = await peekAccountToken(tx, input.token, 'reset-password');
        const user = userId ? await findUserById(tx, userId) : undefined;
        if (!user) return { kind: 'invalid' };
        const problem = passwordProblem(input.password, [user.email, user.display_name]);
        if (problem) return { kind: 'weak', problem };
        await setPassword(deps.audit, tx, { actor, user, input });
        return { kind: 'done', email: user.email };
      });
      if (outcome.kind === 'invalid') throw new AccountTokenInvalidError();
      if (outcome.kind === 'weak') throw new WeakPasswordError(outcome.problem);
      // Following the e-mailed link proves the mailbox: the account may sign in from anywhere again.
      await deps.throttle.accountRecovered(actor.tenant.slug, outcome.email);
    },
  };
}
