/**
 * Looking up a tenant's rule as of an instant (the injected clock). Versions carry the dates they
 * take effect in the tenant's time zone; the newest version in effect wins, so a temporary measure
 * ("until 30 June") switches itself off by date. Every decision reports the version it used.
 */
import { dateTimeFormat } from '../i18n/intl-cache.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import type { RuleId, RuleValue } from './catalogue.js';
import { RULE_VALUES } from './catalogue.js';

export interface AppliedRule<V> {
  id: string;
  version: number;
  source: string;
  label?: string;
  value: V;
}

/** "notice-period v2, special measures": how pages and audit entries name a rule version. */
export function ruleReference(rule: { id: string; version: number; label?: string }): string {
  return `${rule.id} v${rule.version}${rule.label ? `, ${rule.label}` : ''}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function ruleAt<R extends RuleId>(config: TenantConfig, id: R, at: Date): AppliedRule<RuleValue<R>> | undefined {
  const day = localDate(at, config.timeZone);
  const candidates = config.regulations.rules.filter(
    (r) => r.id === id && r.effectiveFrom <= day && (!r.effectiveTo || day <= r.effectiveTo),
  );
  const rule = candidates.sort((a, b) => b.version - a.version)[0];
  if (!rule) return undefined;
  return {
    id: rule.id,
    version: rule.version,
    source: rule.source,
    label: rule.label,
    value: RULE_VALUES[id].parse(rule.value) as RuleValue<R>,
  };
}

export class MissingRuleError extends Error {
  constructor(slug: string, id: string, day: string) {
    super(`tenant ${slug} has no version of rule ${id} in effect on ${day}`);
    this.name = 'MissingRuleError';
  }
}

/** The rule in effect, or an error naming what the tenant's config lacks. */
export function requireRule<R extends RuleId>(config: TenantConfig, id: R, at: Date): AppliedRule<RuleValue<R>> {
  const rule = ruleAt(config, id, at);
  if (!rule) throw new MissingRuleError(config.slug, id, localDate(at, config.timeZone));
  return rule;
}
