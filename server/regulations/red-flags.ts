/**
 * The thresholds of the integrity red flags (server/integrity/): the tenant's `red-flags` rule as
 * of an instant, with the version it applied. A tender's flags are judged by the rule in force
 * when it was published (a temporary measure that shortened notice periods shortens the norm
 * too); a supplier's history by the rule in force now.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import type { RuleValue } from './catalogue.js';
import { ruleAt, ruleReference } from './lookup.js';

export type RedFlagThresholds = RuleValue<'red-flags'>;

/** The thresholds and the rule reference ("red-flags v1"); none when the tenant has no version in force. */
export function redFlagThresholds(
  config: TenantConfig,
  at: Date,
): { value: RedFlagThresholds; rule: string } | undefined {
  const rule = ruleAt(config, 'red-flags', at);
  return rule ? { value: rule.value, rule: ruleReference(rule) } : undefined;
}
