/**
 * Who must sign in with a second factor in a tenant: the `second-factor` rule in force on the
 * tenant's clock (a government may require it of supplier users from a date), and always the
 * roles that hold public authority (officers, tenant admins, evaluators, auditors).
 */
import { STAFF_SECOND_FACTOR_ROLES, secondFactorRequired, type TenantRole } from '../identity/roles.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';
import { ruleAt } from './lookup.js';

export function secondFactorRoles(tenant: TenantHandle): readonly TenantRole[] {
  const rule = ruleAt(tenant.config, 'second-factor', clockInstant(tenant.clock));
  return rule ? [...new Set([...STAFF_SECOND_FACTOR_ROLES, ...rule.value.roles])] : STAFF_SECOND_FACTOR_ROLES;
}

export function tenantRequiresSecondFactor(tenant: TenantHandle, roles: readonly string[]): boolean {
  return secondFactorRequired(roles, secondFactorRoles(tenant));
}
