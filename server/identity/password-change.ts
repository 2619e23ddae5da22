/**
 * A signed-in user changes their own password, proving the current one. The new password ends
 * every other browser session (their stamp no longer matches, see passport.ts) and every API token
 * of the account. Wrong current passwords are throttled like failed sign-ins.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Actor, SignedInActor } from './actor.js';
import { revokeAllApiTokens } from './api-tokens.js';
import { CurrentPasswordWrongError, LoginThrottledError, WeakPasswordError } from './errors.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { assertCan } from './policy.js';
import { findUserById, toSessionUser, type SessionUser, type UserRow } from './users.js';

export interface PasswordChange {
  current_password: string;
  password: string;
}

/** Throttled on the form's current-password field, where the page shows it. */
export class PasswordChangeThrottledError extends LoginThrottledError {
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds);
    this.details.push({ field: 'current_password', key: this.key, params: this.params });
  }
}

type Change = { kind: 'wrong' } | { kind: 'weak'; problem: string } | { kind: 'done'; user: SessionUser };

export function passwordChangeService(deps: Pick<Deps, 'audit' | 'throttle'>) {
  async function apply(tx: Knex.Transaction, actor: SignedInActor, input: PasswordChange): Promise<Change> {
    const user = await findUserById(tx, actor.user.id);
    if (!user || !(await verifyPassword(user.password_hash, input.current_password))) return { kind: 'wrong' };
    const problem = passwordProblem(input.password, [user.email, user.display_name]);
    if (problem) return { kind: 'weak', problem };
    // Real time, not the tenant clock: a fixed or moved clock must still give each change its own stamp.
    const [updated] = await tx<UserRow>('users')
      .where({ id: user.id })
      .update({ password_hash: await hashPassword(input.password), password_changed_at: tx.raw('clock_timestamp()') })
      .returning<UserRow[]>('*');
    const tokens = await revokeAllApiTokens(tx, user.id);
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'auth.password-changed',
      target: { type: 'user', id: user.id },
      summary: { apiTokensRevoked: tokens },
    });
    return { kind: 'done', user: toSessionUser(actor.tenant.slug, updated!) };
  }

  return {
    /** Sets the new password; returns the account with its new stamp, for this session to carry on. */
    async change(actor: Actor, input: PasswordChange): Promise<SessionUser> {
      const { tenant, user } = actor;
      assertCan(user, 'account:use');
      const signedIn: SignedInActor = { tenant, user, audit: actor.audit };
      const address = actor.audit.clientAddress ?? 'unknown';
      const verdict = await deps.throttle.check(tenant.slug, user.email, address);
      if (!verdict.allowed) throw new PasswordChangeThrottledError(verdict.retryAfterSeconds);
      const outcome = await inTenant(tenant, (tx) => apply(tx, signedIn, input));
      if (outcome.kind === 'wrong') {
        await deps.throttle.failed(tenant.slug, user.email, address);
        throw new CurrentPasswordWrongError();
      }
      if (outcome.kind === 'weak') throw new WeakPasswordError(outcome.problem);
      return outcome.user;
    },
  };
}
