/**
 * Bearer tokens as the API hands them out: the same sign-in checks as the browser (second factor
 * included, throttled and audited), then a token; and revoking the token a request came with.
 */
import type { Deps } from '../deps.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Actor } from './actor.js';
import { issueApiToken, revokeApiToken } from './api-tokens.js';
import {
  BearerRequiredError,
  InvalidCredentialsError,
  LoginThrottledError,
  SecondFactorEnrolmentRequiredError,
  SecondFactorRequiredError,
} from './errors.js';
import type { LoginAttempt, LoginOutcome } from './login.js';
import type { SessionUser } from './users.js';

export interface IssuedToken {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
}

/** The user an API sign-in ends with, or the refusal the API answers. */
function signedInUser(actor: Actor, outcome: LoginOutcome): SessionUser {
  if (outcome.kind === 'throttled') throw new LoginThrottledError(outcome.retryAfterSeconds);
  if (outcome.kind === 'second-factor-needed') throw new SecondFactorRequiredError();
  if (outcome.kind === 'refused') throw new InvalidCredentialsError(outcome.reason);
  const { user } = outcome;
  if (
    outcome.mustEnrollSecondFactor ||
    (tenantRequiresSecondFactor(actor.tenant, user.roles) && !user.secondFactorEnabled)
  )
    throw new SecondFactorEnrolmentRequiredError();
  return user;
}

export function apiTokenService(deps: Pick<Deps, 'login' | 'audit'>) {
  return {
    /** Exchanges e-mail and password (and second factor) for a bearer token. */
    async issue(actor: Actor, attempt: LoginAttempt): Promise<IssuedToken> {
      const user = signedInUser(actor, await deps.login.passwordStep(actor, attempt));
      const issued = await inTenant(actor.tenant, async (tx) => {
        const token = await issueApiToken(tx, user.id);
        await deps.audit.record(
          tx,
          actor.tenant,
          { ...actor.audit, actor: { type: 'user', id: user.id, label: user.email } },
          { action: 'auth.token-issued', target: { type: 'api-token', id: token.id } },
        );
        return token;
      });
      return { token: issued.token, tokenType: 'Bearer', expiresAt: issued.expiresAt.toISOString() };
    },

    /** Revokes the token the request was made with (`tokenId` absent: not made with one). */
    async revoke(actor: Actor, tokenId: string | undefined): Promise<void> {
      if (!tokenId) throw new BearerRequiredError();
      await inTenant(actor.tenant, async (tx) => {
        await revokeApiToken(tx, tokenId);
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'auth.token-revoked',
          target: { type: 'api-token', id: tokenId },
        });
      });
    },
  };
}
