/** The roles of a tenant's users and which of them must use a second factor. */
export const TENANT_ROLES = ['tenant-admin', 'officer', 'evaluator', 'auditor', 'supplier', 'supplier-admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/**
 * Officers, tenant admins, evaluators and auditors must use TOTP; supplier users may, unless the
 * tenant's `second-factor` rule (regulations/second-factor.ts) names their roles too.
 */
export const STAFF_SECOND_FACTOR_ROLES: readonly TenantRole[] = ['tenant-admin', 'officer', 'auditor', 'evaluator'];

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === 'string' && (TENANT_ROLES as readonly string[]).includes(value);
}

/** Whether an account with `roles` must use a second factor, given the roles that must. */
export function secondFactorRequired(
  roles: readonly string[],
  required: readonly TenantRole[] = STAFF_SECOND_FACTOR_ROLES,
): boolean {
  return roles.some((r) => isTenantRole(r) && required.includes(r));
}
