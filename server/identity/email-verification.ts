/**
 * Confirming an e-mail address by the link sent at registration, and a new link for a
 * self-registered account whose first one was lost or ran out (it lives 48 hours). Only accounts
 * that were sent a confirmation link at registration get one: an invited user confirms by
 * accepting the invitation. Asking never reveals whether an account exists or waits for
 * confirmation, and is limited per e-mail address typed (http/rate-limits.ts).
 */
import type { Deps } from '../deps.js';
import { hashedKeyPart } from '../http/request-limits.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Actor } from './actor.js';
import { AccountTokenInvalidError } from './errors.js';
import { consumeAccountToken, createAccountToken } from './tokens.js';
import { findUserByEmail } from './users.js';

export interface ResendRequest {
  /** Absent when the form held no usable address: nothing is sent, and the answer is the same. */
  email?: string | undefined;
  /** The tenant's absolute address, for the link in the e-mail. */
  linkBase: string;
}

export function emailVerificationService(deps: Pick<Deps, 'limits' | 'mailer' | 'audit'>) {
  return {
    /** Confirms the address the link was sent to; a used, expired or unknown link is refused (410). */
    async verify(actor: Actor, token: string): Promise<void> {
      const { tenant } = actor;
      const verified = await inTenant(tenant, async (tx) => {
        const userId = await consumeAccountToken(tx, token, 'verify-email');
        if (!userId) return false;
        await tx('users')
          .where({ id: userId })
          .whereNull('email_verified_at')
          .update({ email_verified_at: tx.raw('app_now()') });
        await deps.audit.record(
          tx,
          tenant,
          { ...actor.audit, actor: { type: 'user', id: userId } },
          { action: 'auth.email-verified', target: { type: 'user', id: userId } },
        );
        return true;
      });
      if (!verified) throw new AccountTokenInvalidError();
    },

    /** A new confirmation link for a self-registered account still unconfirmed; says nothing either way. */
    async resend(actor: Actor, input: ResendRequest): Promise<void> {
      const { tenant } = actor;
      const email = input.email;
      if (email === undefined) return;
      await deps.limits.spend('verification-resend-account', `${tenant.slug}|email|${hashedKeyPart(email)}`);
      await inTenant(tenant, async (tx) => {
        const user = await findUserByEmail(tx, email);
        if (!user || user.status !== 'active' || user.email_verified_at) return;
        const registered = await tx('account_tokens')
          .where({ user_id: user.id, purpose: 'verify-email' })
          .first<{ id: string } | undefined>('id');
        if (!registered) return;
        const token = await createAccountToken(tx, user.id, 'verify-email');
        await deps.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'verify_email',
          params: { name: user.display_name, link: `${input.linkBase}/verify-email?token=${token}` },
        });
        await deps.audit.record(tx, tenant, actor.audit, {
          action: 'auth.verification-resent',
          target: { type: 'user', id: user.id },
        });
      });
    },
  };
}
