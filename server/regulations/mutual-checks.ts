/**
 * The `mutual-checks` rule (catalogue.ts): which actions of a tenant need a second person's check
 * before they take effect, as of a moment. Read by server/approvals/mutual-checks.ts.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import type { MutualCheckAction } from './catalogue.js';
import { ruleAt, ruleReference } from './lookup.js';

/** Whether any version of the rule names an action: without one, officers have no approvals to decide. */
export function mayRequireMutualChecks(config: TenantConfig): boolean {
  return config.regulations.rules.some(
    (r) => r.id === 'mutual-checks' && ((r.value as { actions?: unknown[] }).actions ?? []).length > 0,
  );
}

/** The rule reference ("mutual-checks v1") when `action` needs a second person at `at`, else null. */
export function mutualCheckRule(config: TenantConfig, action: MutualCheckAction, at: Date): string | null {
  const rule = ruleAt(config, 'mutual-checks', at);
  return rule && rule.value.actions.includes(action) ? ruleReference(rule) : null;
}
