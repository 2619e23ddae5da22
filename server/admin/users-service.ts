/**
 * Tenant administration: the tenant admin invites staff, changes their roles, deactivates and
 * reactivates accounts. Every change checks the policy again (the route already did) and is
 * audited in the transaction that makes it. Supplier accounts are not created here: suppliers
 * register themselves.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { isUuid } from '../http/params.js';
import type { Language } from '../i18n/languages.js';
import type { Actor } from '../identity/actor.js';
import { revokeAllApiTokens } from '../identity/api-tokens.js';
import { hashPassword } from '../identity/passwords.js';
import { assertCan } from '../identity/policy.js';
import type { TenantRole } from '../identity/roles.js';
import { createAccountToken } from '../identity/tokens.js';
import { findUserByEmail, normalizeEmail, type UserRow } from '../identity/users.js';
import { inTenant } from '../tenancy/tenant-context.js';
import {
  AgencyRequiredError,
  AgencyUnknownError,
  CannotDeactivateSelfError,
  CannotDemoteSelfError,
  EmailTakenError,
  SupplierRolesError,
  UserNotFoundError,
} from './errors.js';
import { SUPPLIER_ROLES, type InviteInput, type RolesInput } from './schema.js';

export type AdminDeps = Pick<Deps, 'audit' | 'mailer'>;

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

async function agencyExists(tx: Knex.Transaction, id: string): Promise<boolean> {
  // A form field: anything but a UUID names no agency (and no query runs).
  return isUuid(id) && !!(await tx('agencies').where({ id }).first('id'));
}

/** The user, locked for the change. */
async function lockUser(tx: Knex.Transaction, id: string): Promise<UserRow> {
  const user = await tx<UserRow>('users').where({ id }).forUpdate().first();
  if (!user) throw new UserNotFoundError();
  return user;
}

export const isSupplierAccount = (u: UserRow) => !!u.supplier_id || u.roles.some((r) => SUPPLIER_ROLES.includes(r));

/**
 * Invites a staff member: creates the account with a password nobody knows (argon2 of random
 * bytes) and an unverified e-mail, and sends an invitation link, valid for seven days, in the
 * tenant's default language. Accepting it sets the password and verifies the address.
 * `link` makes the absolute link of a path of this tenant, for the e-mail.
 */
async function invite(
  deps: AdminDeps,
  actor: Actor,
  input: InviteInput & { link: (path: string) => string },
): Promise<{ id: string }> {
  const user = actor.user;
  assertCan(user, 'users:manage');
  const { tenant } = actor;
  const email = normalizeEmail(input.email);
  const unusableHash = await hashPassword(randomBytes(32).toString('base64url'));
  return inTenant(tenant, async (tx) => {
    if (await findUserByEmail(tx, email)) throw new EmailTakenError();
    if (input.agencyId && !(await agencyExists(tx, input.agencyId))) throw new AgencyUnknownError();
    const locale = tenant.config.locales.default;
    const rows = await tx('users')
      .insert({
        email,
        display_name: input.displayName,
        locale,
        roles: input.roles,
        password_hash: unusableHash,
        agency_id: input.agencyId ?? null,
        email_verified_at: null,
      })
      .returning<{ id: string }[]>('id')
      .catch((error: unknown) => {
        // Two admins inviting the same address at once: the unique index decides.
        throw isUniqueViolation(error) ? new EmailTakenError() : error;
      });
    const id = rows[0]!.id;
    const token = await createAccountToken(tx, id, 'invitation');
    await deps.mailer.queue(tx, tenant, {
      to: email,
      locale,
      template: 'invitation',
      params: { name: input.displayName, inviter: user.displayName, link: input.link(`/invitation?token=${token}`) },
    });
    await deps.audit.record(tx, tenant, actor.audit, {
      action: 'user.invited',
      target: { type: 'user', id },
      summary: { email, roles: input.roles, agencyId: input.agencyId ?? null },
    });
    return { id };
  });
}

/**
 * Replaces a staff member's roles (and, when given, their agency: officers need one). A tenant
 * admin cannot take the tenant-admin role from themselves, so a tenant never loses its last one
 * by accident. Takes effect on the user's next request: sessions reload the account each time.
 */
async function setRoles(deps: AdminDeps, actor: Actor, change: RolesInput & { userId: string }): Promise<void> {
  const { userId, ...input } = change;
  const me = actor.user;
  assertCan(me, 'users:manage');
  await inTenant(actor.tenant, async (tx) => {
    const user = await lockUser(tx, userId);
    if (isSupplierAccount(user)) throw new SupplierRolesError();
    if (user.id === me.id && user.roles.includes('tenant-admin') && !input.roles.includes('tenant-admin'))
      throw new CannotDemoteSelfError();
    const agencyId = input.agencyId === undefined ? user.agency_id : input.agencyId;
    if (agencyId && agencyId !== user.agency_id && !(await agencyExists(tx, agencyId))) throw new AgencyUnknownError();
    if (input.roles.includes('officer') && !agencyId) throw new AgencyRequiredError();
    const before = { roles: user.roles, agencyId: user.agency_id };
    const after = { roles: input.roles, agencyId };
    if (before.agencyId === after.agencyId && before.roles.join() === after.roles.join()) return;
    await tx('users')
      .where({ id: user.id })
      .update({ roles: after.roles, agency_id: agencyId, updated_at: tx.raw('app_now()') });
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'user.roles-changed',
      target: { type: 'user', id: user.id },
      summary: { before, after },
    });
  });
}

/**
 * Moves an account between active and deactivated, audited with before and after. Deactivation
 * (never of one's own account) refuses sign-in, ends open sessions on their next request
 * (deserialization refuses deactivated users) and revokes the API tokens now; reactivation leaves
 * revoked tokens revoked.
 */
async function changeStatus(
  deps: AdminDeps,
  actor: Actor,
  change: { userId: string; to: 'active' | 'deactivated' },
): Promise<void> {
  const { userId, to } = change;
  const me = actor.user;
  assertCan(me, 'users:manage');
  await inTenant(actor.tenant, async (tx) => {
    const user = await lockUser(tx, userId);
    if (to === 'deactivated' && user.id === me.id) throw new CannotDeactivateSelfError();
    if (user.status === to) return;
    await tx('users')
      .where({ id: user.id })
      .update({ status: to, updated_at: tx.raw('app_now()') });
    const revoked = to === 'deactivated' ? { apiTokensRevoked: await revokeAllApiTokens(tx, user.id) } : {};
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: to === 'deactivated' ? 'user.deactivated' : 'user.reactivated',
      target: { type: 'user', id: user.id },
      summary: { before: { status: user.status }, after: { status: to }, ...revoked },
    });
  });
}

/** The tenant admin's changes to accounts, each `(actor, …)`. */
export function userAdmin(deps: AdminDeps) {
  return {
    invite: (actor: Actor, input: InviteInput & { link: (path: string) => string }) => invite(deps, actor, input),
    setRoles: (actor: Actor, userId: string, input: RolesInput) => setRoles(deps, actor, { ...input, userId }),
    deactivate: (actor: Actor, userId: string) => changeStatus(deps, actor, { userId, to: 'deactivated' }),
    reactivate: (actor: Actor, userId: string) => changeStatus(deps, actor, { userId, to: 'active' }),
  };
}

export interface UserListing {
  id: string;
  email: string;
  displayName: string;
  roles: TenantRole[];
  agencyId: string | null;
  agencyCode: string | null;
  agencyName: Partial<Record<Language, string>> | null;
  /** 'invited' until the invitation is accepted (the address is then verified). */
  status: 'active' | 'invited' | 'deactivated';
  secondFactor: boolean;
  supplierAccount: boolean;
}

type UserListingRow = UserRow & { agency_code: string | null; agency_name: Partial<Record<Language, string>> | null };

/** The tenant's accounts, by name. Capped: a paged, searchable list comes with supplier growth. */
export async function listUsers(actor: Actor, limit = 500): Promise<UserListing[]> {
  assertCan(actor.user, 'users:manage');
  const rows = await inTenant(actor.tenant, (tx) =>
    tx('users as u')
      .leftJoin('agencies as a', 'a.id', 'u.agency_id')
      .orderByRaw('lower(u.display_name), u.email')
      .limit(limit)
      .select<UserListingRow[]>('u.*', 'a.code as agency_code', 'a.name as agency_name'),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    roles: r.roles,
    agencyId: r.agency_id,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    status: r.status === 'deactivated' ? 'deactivated' : r.email_verified_at ? 'active' : 'invited',
    secondFactor: r.totp_enabled_at !== null,
    supplierAccount: isSupplierAccount(r),
  }));
}
