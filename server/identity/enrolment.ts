/**
 * Enrolling a second factor (TOTP) for the signed-in account: a new secret, kept sealed under the
 * tenant's key in the session until the first code proves the app holds it; then the recovery
 * codes, shown once.
 */
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Actor } from './actor.js';
import { EnrolmentCodeWrongError } from './errors.js';
import { assertCan } from './policy.js';
import { checkTotp, enableTotp, newTotpSecret } from './second-factor.js';
import { findUserById } from './users.js';

export interface EnrolmentCode {
  /** The secret as sealed when enrolment started (kept in the session). */
  sealed: string;
  code: string;
}

export function enrolmentService(deps: Pick<Deps, 'keys' | 'audit'>) {
  return {
    /** A new secret, and the same sealed for the session. */
    async start(actor: Actor): Promise<{ secret: string; sealed: string }> {
      const secret = newTotpSecret();
      return { secret, sealed: (await deps.keys.ofTenant(actor.tenant)).seal('totp-secret', secret) };
    },

    /** The secret of an enrolment under way (to show its page again). */
    async secretOf(actor: Actor, sealed: string): Promise<string> {
      return (await deps.keys.ofTenant(actor.tenant)).open('totp-secret', sealed).toString();
    },

    /** Turns the second factor on when the code matches; returns the recovery codes. */
    async enable(actor: Actor, input: EnrolmentCode): Promise<string[]> {
      const { tenant, user } = actor;
      assertCan(user, 'account:use');
      const codes = await inTenant(tenant, async (tx) => {
        const keyring = await deps.keys.forTenant(tx, tenant.slug);
        const secret = keyring.open('totp-secret', input.sealed).toString();
        const row = (await findUserById(tx, user.id))!;
        const step = await checkTotp(keyring, row, input.code, secret);
        if (step === null) return undefined;
        const recovery = await enableTotp(tx, keyring, row.id, secret, step);
        await deps.audit.record(tx, tenant, actor.audit, {
          action: 'auth.second-factor-enabled',
          target: { type: 'user', id: row.id },
        });
        return recovery;
      });
      if (!codes) throw new EnrolmentCodeWrongError();
      return codes;
    },
  };
}
