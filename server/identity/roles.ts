/** The roles of a tenant's users and which of them must use a second factor. */
export const TENANT_ROLES = ['tenant-admin', 'officer', 'evaluator', 'auditor', 'supplier', 'supplier-admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Officers, tenant admins and auditors must use TOTP; supplier users may. */
const SECOND_FACTOR_REQUIRED: ReadonlySet<TenantRole> = new Set(['tenant-admin', 'officer', 'auditor', 'evaluator']);

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === 'string' && (TENANT_ROLES as readonly string[]).includes(value);
}

export function secondFactorRequired(roles: readonly string[]): boolean {
  return roles.some((r) => isTenantRole(r) && SECOND_FACTOR_REQUIRED.has(r));
}
