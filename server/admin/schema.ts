/** What the tenant admin's forms (and the invitation form) must contain. */
import { z } from 'zod';
import { TENANT_ROLES, type TenantRole } from '../identity/roles.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export const SUPPLIER_ROLES: readonly TenantRole[] = ['supplier', 'supplier-admin'];
/** The roles a tenant admin hands out. Supplier roles come with a supplier's own registration. */
export const STAFF_ROLES: readonly TenantRole[] = TENANT_ROLES.filter((r) => !SUPPLIER_ROLES.includes(r));

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

export const InviteForm = z
  .object({
    email: z.string().trim().min(1).max(320).pipe(z.email()),
    displayName: z.string().trim().min(1).max(200),
    roles: rolesField,
    agencyId: agencyField,
  })
  .superRefine(needsAgency);
export type InviteInput = z.infer<typeof InviteForm>;

export const RolesForm = z.object({ roles: rolesField, agencyId: agencyField });
export type RolesInput = z.infer<typeof RolesForm>;

const AGENCY_CODE = /^[A-Z0-9][A-Z0-9._-]*$/;

/**
 * The agency form (`code`, `name_<lng>`) read as `{ code, names: { <lng>: … } }`. Names per
 * supported language; the tenant's default language is required, the others optional.
 */
export function agencyForm(tenant: TenantHandle) {
  const { default: required, supported } = tenant.config.locales;
  const optionalName = z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(200).optional(),
  );
  const names = Object.fromEntries(
    supported.map((lng) => [lng, lng === required ? z.string().trim().min(1).max(200) : optionalName]),
  );
  const field = (body: Record<string, unknown>, name: string) =>
    typeof body[name] === 'string' ? body[name] : undefined;
  return z.preprocess(
    (raw) => {
      const body = (raw ?? {}) as Record<string, unknown>;
      return {
        code: field(body, 'code') ?? '',
        names: Object.fromEntries(supported.map((lng) => [lng, field(body, `name_${lng}`)])),
      };
    },
    z.object({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .min(1)
        .max(32)
        .refine((c) => AGENCY_CODE.test(c), { params: { key: 'admin:code_format' } }),
      names: z.object(names),
    }),
  );
}
export type AgencyInput = z.infer<ReturnType<typeof agencyForm>>;

/** The invitation link's token; anything odd is simply no invitation. */
export const InvitationQuery = z.object({ token: z.string().catch('') });

const Accept = z.object({ token: z.string().max(100), password: z.string().max(1024) });
/** A malformed form is an unknown invitation, as before any check. */
export const AcceptForm = Accept.catch({ token: '', password: '' });
