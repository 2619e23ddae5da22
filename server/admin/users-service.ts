/**
 * Tenant administration: the tenant admin invites staff, changes their roles, deactivates and
 * reactivates accounts, and keeps the list of buyer agencies. Every change checks the policy again
 * (the route already did) and is audited in the transaction that makes it. Supplier accounts are
 * not created here: suppliers register themselves.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuditContext } from '../audit/trail.js';
import { NotFoundError } from '../http/errors.js';
import { parseInput, ValidationError } from '../http/validate.js';
import type { Language } from '../i18n/languages.js';
import { revokeAllApiTokens } from '../identity/api-tokens.js';
import { hashPassword } from '../identity/passwords.js';
import { assertCan } from '../identity/policy.js';
import { TENANT_ROLES, type TenantRole } from '../identity/roles.js';
import { createAccountToken } from '../identity/tokens.js';
import { findUserByEmail, normalizeEmail, type SessionUser, type UserRow } from '../identity/users.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export type AdminServices = Pick<Deps, 'audit' | 'mailer'>;

/** Who acts, as the request (or a script) knows it. */
export interface AdminActor {
  user: SessionUser | undefined;
  audit: AuditContext;
  /** An absolute link to a path of this tenant, for e-mails (`/invitation?token=…`). */
  link: (path: string) => string;
}

const SUPPLIER_ROLES: readonly TenantRole[] = ['supplier', 'supplier-admin'];
/** The roles a tenant admin hands out. Supplier roles come with a supplier's own registration. */
export const STAFF_ROLES: readonly TenantRole[] = TENANT_ROLES.filter((r) => !SUPPLIER_ROLES.includes(r));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fieldError = (field: string, key: string) => new ValidationError([{ field, key }]);

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

/** Checkboxes arrive as nothing, one string or several; roles are kept in TENANT_ROLES order. */
const rolesField = z
  .preprocess(
    (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.string()).max(10),
  )
  .superRefine((roles, ctx) => {
    if (roles.length === 0) ctx.addIssue({ code: 'custom', params: { key: 'admin:roles_required' } });
    else if (!roles.every((r) => (STAFF_ROLES as readonly string[]).includes(r)))
      ctx.addIssue({ code: 'custom', params: { key: 'admin:roles_invalid' } });
  })
  .transform((roles) => STAFF_ROLES.filter((r) => roles.includes(r)));

/** An agency chosen in a form: '' means none (null); absent means "leave as it is" (undefined). */
const agencyField = z.preprocess((v) => (v === '' ? null : v), z.string().max(64).nullable().optional());

const needsAgency = (v: { roles: TenantRole[]; agencyId?: string | null }, ctx: z.RefinementCtx) => {
  if (v.roles.includes('officer') && !v.agencyId)
    ctx.addIssue({ code: 'custom', path: ['agencyId'], params: { key: 'admin:agency_required' } });
};

export const InviteInput = z
  .object({
    email: z.string().trim().min(1).max(320).pipe(z.email()),
    displayName: z.string().trim().min(1).max(200),
    roles: rolesField,
    agencyId: agencyField,
  })
  .superRefine(needsAgency);

export const SetRolesInput = z.object({ userId: z.string().max(64), roles: rolesField, agencyId: agencyField });
export const UserRef = z.object({ userId: z.string().max(64) });

async function agencyExists(tx: Knex.Transaction, id: string): Promise<boolean> {
  return UUID.test(id) && !!(await tx('agencies').where({ id }).first('id'));
}

/** The user, locked for the change; a malformed or unknown id is a 404, not a 500. */
async function lockUser(tx: Knex.Transaction, id: string): Promise<UserRow> {
  const user = UUID.test(id) ? await tx<UserRow>('users').where({ id }).forUpdate().first() : undefined;
  if (!user) throw new NotFoundError('user_not_found', 'admin:user_not_found');
  return user;
}

const isSupplierAccount = (u: UserRow) => !!u.supplier_id || u.roles.some((r) => SUPPLIER_ROLES.includes(r));

/**
 * Invites a staff member: creates the account with a password nobody knows (argon2 of random
 * bytes) and an unverified e-mail, and sends an invitation link, valid for seven days, in the
 * tenant's default language. Accepting it sets the password and verifies the address.
 */
export async function inviteUser(
  services: AdminServices,
  tenant: TenantHandle,
  actor: AdminActor,
  input: unknown,
): Promise<{ id: string }> {
  assertCan(actor.user, 'users:manage');
  const data = parseInput(InviteInput, input);
  const email = normalizeEmail(data.email);
  const unusableHash = await hashPassword(randomBytes(32).toString('base64url'));
  return inTenant(tenant, async (tx) => {
    if (await findUserByEmail(tx, email)) throw fieldError('email', 'admin:email_taken');
    if (data.agencyId && !(await agencyExists(tx, data.agencyId))) throw fieldError('agencyId', 'admin:agency_unknown');
    const locale = tenant.config.locales.default;
    const rows = await tx('users')
      .insert({
        email,
        display_name: data.displayName,
        locale,
        roles: data.roles,
        password_hash: unusableHash,
        agency_id: data.agencyId ?? null,
        email_verified_at: null,
      })
      .returning<{ id: string }[]>('id')
      .catch((error: unknown) => {
        // Two admins inviting the same address at once: the unique index decides.
        throw isUniqueViolation(error) ? fieldError('email', 'admin:email_taken') : error;
      });
    const id = rows[0]!.id;
    const token = await createAccountToken(tx, id, 'invitation');
    await services.mailer.queue(tx, tenant, {
      to: email,
      locale,
      template: 'invitation',
      params: {
        name: data.displayName,
        inviter: actor.user!.displayName,
        link: actor.link(`/invitation?token=${token}`),
      },
    });
    await services.audit.record(tx, tenant, actor.audit, {
      action: 'user.invited',
      target: { type: 'user', id },
      summary: { email, roles: data.roles, agencyId: data.agencyId ?? null },
    });
    return { id };
  });
}

/**
 * Replaces a staff member's roles (and, when given, their agency: officers need one). A tenant
 * admin cannot take the tenant-admin role from themselves, so a tenant never loses its last one
 * by accident. Takes effect on the user's next request: sessions reload the account each time.
 */
export async function setRoles(
  services: AdminServices,
  tenant: TenantHandle,
  actor: AdminActor,
  input: unknown,
): Promise<void> {
  assertCan(actor.user, 'users:manage');
  const data = parseInput(SetRolesInput, input);
  await inTenant(tenant, async (tx) => {
    const user = await lockUser(tx, data.userId);
    if (isSupplierAccount(user)) throw fieldError('roles', 'admin:supplier_roles');
    if (user.id === actor.user!.id && user.roles.includes('tenant-admin') && !data.roles.includes('tenant-admin'))
      throw fieldError('roles', 'admin:cannot_demote_self');
    const agencyId = data.agencyId === undefined ? user.agency_id : data.agencyId;
    if (agencyId && agencyId !== user.agency_id && !(await agencyExists(tx, agencyId)))
      throw fieldError('agencyId', 'admin:agency_unknown');
    if (data.roles.includes('officer') && !agencyId) throw fieldError('agencyId', 'admin:agency_required');
    const before = { roles: user.roles, agencyId: user.agency_id };
    const after = { roles: data.roles, agencyId };
    if (before.agencyId === after.agencyId && before.roles.join() === after.roles.join()) return;
    await tx('users')
      .where({ id: user.id })
      .update({ roles: after.roles, agency_id: agencyId, updated_at: tx.raw('app_now()') });
    await services.audit.record(tx, tenant, actor.audit, {
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
  services: AdminServices,
  tenant: TenantHandle,
  actor: AdminActor,
  input: unknown,
  to: 'active' | 'deactivated',
): Promise<void> {
  assertCan(actor.user, 'users:manage');
  const { userId } = parseInput(UserRef, input);
  await inTenant(tenant, async (tx) => {
    const user = await lockUser(tx, userId);
    if (to === 'deactivated' && user.id === actor.user!.id) throw fieldError('user', 'admin:cannot_deactivate_self');
    if (user.status === to) return;
    await tx('users')
      .where({ id: user.id })
      .update({ status: to, updated_at: tx.raw('app_now()') });
    const revoked = to === 'deactivated' ? { apiTokensRevoked: await revokeAllApiTokens(tx, user.id) } : {};
    await services.audit.record(tx, tenant, actor.audit, {
      action: to === 'deactivated' ? 'user.deactivated' : 'user.reactivated',
      target: { type: 'user', id: user.id },
      summary: { before: { status: user.status }, after: { status: to }, ...revoked },
    });
  });
}

export function deactivateUser(
  services: AdminServices,
  tenant: TenantHandle,
  actor: AdminActor,
  input: unknown,
): Promise<void> {
  return changeStatus(services, tenant, actor, input, 'deactivated');
}

export function reactivateUser(
  services: AdminServices,
  tenant: TenantHandle,
  actor: AdminActor,
  input: unknown,
): Promise<void> {
  return changeStatus(services, tenant, actor, input, 'active');
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

/** The tenant's accounts, by name. Capped: a paged, searchable list comes with supplier growth. */
export async function listUsers(tenant: TenantHandle, actor: AdminActor, limit = 500): Promise<UserListing[]> {
  assertCan(actor.user, 'users:manage');
  const rows = await inTenant(tenant, (tx) =>
    tx('users as u')
      .leftJoin('agencies as a', 'a.id', 'u.agency_id')
      .orderByRaw('lower(u.display_name), u.email')
      .limit(limit)
      .select<(UserRow & { agency_code: string | null; agency_name: Partial<Record<Language, string>> | null })[]>(
        'u.*',
        'a.code as agency_code',
        'a.name as agency_name',
      ),
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
