/** How long an approved supplier registration stays valid: the tenant's rule, or a year without one. */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt } from './lookup.js';

const DEFAULT_MONTHS = 12;

/** `rule`, as the audit trail names it: "supplier-registration-validity v1", or "default 12 months". */
export function registrationValidity(config: TenantConfig, at: Date): { months: number; rule: string } {
  const rule = ruleAt(config, 'supplier-registration-validity', at);
  return rule
    ? { months: rule.value.months, rule: `${rule.id} v${rule.version}` }
    : { months: DEFAULT_MONTHS, rule: `default ${DEFAULT_MONTHS} months` };
}
