/**
 * The first kind of approval: turning off the second factor (TOTP) of a user who lost their
 * authenticator, asked for by the call center and approved by a tenant administrator.
 *
 * Applying it returns the account to "password only, nothing enrolled":
 * - the sealed secret, the enrolment time and the last used step are cleared;
 * - unused recovery codes are marked used, as replacing them does (second-factor.ts): the rows
 *   stay, so the trail of which codes existed and when they stopped working is kept, and none can
 *   sign in any more;
 * - API tokens are revoked, and sessions end (users.second_factor_reset_at moves the credentials
 *   stamp, as a new password does): a lost phone often still holds a signed-in browser, which must
 *   not be the one to enrol the next authenticator. Whoever enrols next has signed in with the
 *   password first.
 * At the next sign-in, login.ts asks for enrolment where the tenant requires a second factor of the
 * user's roles (staff roles always); elsewhere (supplier users, unless the tenant's rule says
 * otherwise) the password alone signs in, and enrolling again stays the user's choice.
 */
import { revokeAllApiTokens } from '../identity/api-tokens.js';
import { findUserById, type UserRow } from '../identity/users.js';
import { formatDateTime } from '../i18n/format.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { mailLanguage } from '../mail/outbox.js';
import { tenantRequiresSecondFactor } from '../regulations/second-factor.js';
import { now } from '../time/clock.js';
import { isolate } from '../work/formats.js';
import { mailTemplate, type ApprovalKind } from './approval.js';
import { ApprovalTargetNotFoundError, NoSecondFactorError } from './errors.js';

interface ResetSummary {
  name?: string;
  email?: string;
}

export const secondFactorReset: ApprovalKind = {
  name: 'second-factor-reset',
  approverRole: 'tenant-admin',
  targetType: 'user',
  reasonRequired: true,

  /** The account as the database has it: the approver reads its name and address, not the caller's. */
  async prepare(tx, _tenant, target) {
    const user = await findUserById(tx, target.id);
    if (!user) throw new ApprovalTargetNotFoundError();
    if (!user.totp_enabled_at) throw new NoSecondFactorError();
    return { name: user.display_name, email: user.email } satisfies ResetSummary;
  },

  describe(t, approval) {
    const { name, email } = approval.summary as ResetSummary;
    return t('approvals:describe_second_factor_reset', { name: isolate(name ?? ''), email: isolate(email ?? '') });
  },

  async apply(tx, deps, tenant, approval, decision) {
    const user = await tx<UserRow>('users').where({ id: approval.targetId }).forUpdate().first();
    if (!user) throw new ApprovalTargetNotFoundError();
    await tx('users')
      .where({ id: user.id })
      .update({
        totp_secret_sealed: null,
        totp_enabled_at: null,
        totp_last_step: null,
        // Real time, as a password change stamps it: a sandbox's moved clock must not keep sessions alive.
        second_factor_reset_at: tx.raw('clock_timestamp()'),
        updated_at: tx.raw('app_now()'),
      });
    const codesRetired = await tx('recovery_codes')
      .where({ user_id: user.id })
      .whereNull('used_at')
      .update({ used_at: tx.raw('app_now()') });
    const tokensRevoked = await revokeAllApiTokens(tx, user.id);
    const at = await now(tx);
    const mustEnrol = tenantRequiresSecondFactor(tenant, user.roles);
    const lng = mailLanguage(tenant, user.locale);
    const t = tenantTranslator(deps.i18n, tenant, lng, 'approvals');
    const { timeZone, numberingSystem } = tenant.config;
    await deps.mailer.queue(tx, tenant, {
      to: user.email,
      locale: user.locale,
      template: mailTemplate('factor_reset'),
      params: {
        name: user.display_name,
        when: formatDateTime(at, lng, timeZone, numberingSystem),
        next: t(mustEnrol ? 'approvals:factor_reset_next_required' : 'approvals:factor_reset_next_optional'),
        link: decision.link('/login'),
      },
    });
    await deps.audit.record(tx, tenant, decision.audit, {
      action: 'auth.second-factor-reset',
      target: { type: 'user', id: user.id },
      summary: {
        approvalId: approval.id,
        requestedBy: approval.requestedBy.label,
        ...(approval.context.ticketNo ? { ticketNo: approval.context.ticketNo } : {}),
        recoveryCodesRetired: codesRetired,
        apiTokensRevoked: tokensRevoked,
        mustEnrol,
      },
      at,
    });
  },
};
