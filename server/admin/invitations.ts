/**
 * Accepting an invitation: the invitee opens the e-mailed link, chooses a password (the same
 * policy as everywhere) and so also confirms the address. The token is single-use and expires
 * after seven days; a used, expired or unknown one (or a deactivated account) is no invitation.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { hashPassword, passwordProblem } from '../identity/passwords.js';
import { consumeAccountToken, peekAccountToken } from '../identity/tokens.js';
import { findUserById, type UserRow } from '../identity/users.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { WeakPasswordError } from './errors.js';

/** The account an invitation token is for, while both are still good. */
async function invitee(tx: Knex.Transaction, token: string): Promise<UserRow | undefined> {
  const userId = await peekAccountToken(tx, token, 'invitation');
  const user = userId ? await findUserById(tx, userId) : undefined;
  return user?.status === 'active' ? user : undefined;
}

/** Who an invitation is for (to greet them), or undefined when it is no (longer an) invitation. */
export async function readInvitation(
  actor: Actor,
  token: string,
): Promise<{ name: string; email: string } | undefined> {
  const user = await inTenant(actor.tenant, (tx) => invitee(tx, token));
  return user && { name: user.display_name, email: user.email };
}

export function invitations(deps: Pick<Deps, 'audit'>) {
  return {
    /**
     * Sets the invitee's password and verifies the address, spending the token: 'invalid' when
     * the token is no invitation; a password that breaks the policy is refused (WeakPasswordError).
     */
    async accept(actor: Actor, input: { token: string; password: string }): Promise<'done' | 'invalid'> {
      return inTenant(actor.tenant, async (tx) => {
        const user = await invitee(tx, input.token);
        if (!user) return 'invalid';
        const problem = passwordProblem(input.password, [user.email, user.display_name]);
        if (problem) throw new WeakPasswordError(problem);
        if (!(await consumeAccountToken(tx, input.token, 'invitation'))) return 'invalid';
        await tx('users')
          .where({ id: user.id })
          .update({
            password_hash: await hashPassword(input.password),
            password_changed_at: tx.raw('app_now()'),
            email_verified_at: tx.raw('coalesce(email_verified_at, app_now())'),
            updated_at: tx.raw('app_now()'),
          });
        await deps.audit.record(
          tx,
          actor.tenant,
          { ...actor.audit, actor: { type: 'user', id: user.id, label: user.email } },
          { action: 'user.invitation-accepted', target: { type: 'user', id: user.id } },
        );
        return 'done';
      });
    },
  };
}
