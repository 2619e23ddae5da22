/**
 * Looking up a tenant's rule as of an instant. Rule versions carry the dates they take effect
 * (in the tenant's time zone); the newest version in effect wins. The full regulations engine
 * (typed rule catalogue, immutability of effective versions) builds on this.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';

export interface AppliedRule<V> {
  id: string;
  version: number;
  source: string;
  value: V;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function ruleAt<V>(config: TenantConfig, id: string, at: Date): AppliedRule<V> | undefined {
  const day = localDate(at, config.timeZone);
  const candidates = config.regulations.rules.filter(
    (r) => r.id === id && r.effectiveFrom <= day && (!r.effectiveTo || day <= r.effectiveTo),
  );
  const rule = candidates.sort((a, b) => b.version - a.version)[0];
  return rule ? { id: rule.id, version: rule.version, source: rule.source, value: rule.value as V } : undefined;
}
