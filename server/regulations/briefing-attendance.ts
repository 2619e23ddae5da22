/**
 * The `briefing-attendance` rule (catalogue.ts; korea's version in tenants/korea.yaml): which
 * rule version makes a briefing on a notice of a category mandatory for bidders. Used by
 * server/briefings/ when a briefing is scheduled and when a bid is checked.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt, ruleReference } from './lookup.js';

/** The rule reference ("briefing-attendance v1") when a briefing on a notice of `category` is mandatory. */
export function mandatoryBriefingRule(config: TenantConfig, category: string, at: Date): string | null {
  const rule = ruleAt(config, 'briefing-attendance', at);
  return rule && (rule.value.mandatoryFor as string[]).includes(category) ? ruleReference(rule) : null;
}

/** Whether any version of the rule can make a briefing mandatory: without one, bids skip the read. */
export function mayRequireBriefingAttendance(config: TenantConfig): boolean {
  return config.regulations.rules.some(
    (r) => r.id === 'briefing-attendance' && ((r.value as { mandatoryFor?: unknown[] }).mandatoryFor ?? []).length > 0,
  );
}
