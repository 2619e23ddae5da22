/**
 * Innovative products: how long a designation lasts, and whether an agency may buy a designated
 * product directly (or as a test purchase) for a given total. Each answer names its rule version.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { localDate, requireRule, ruleReference } from './lookup.js';

/** The last day of a designation made on `from` (a calendar date in the tenant's zone). */
export function designationUntil(config: TenantConfig, at: Date, from: string): { until: string; rule: string } {
  const rule = requireRule(config, 'innovative-products', at);
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + rule.value.validityMonths, d) - 86_400_000);
  return { until: end.toISOString().slice(0, 10), rule: ruleReference(rule) };
}

export type PurchaseVerdict =
  | { allowed: true; limit: number; rule: string }
  | { allowed: false; reason: 'above-limit' | 'not-designated'; limit: number; rule: string };

/**
 * Whether a designated product may be bought directly for `total` on the tenant's date of `at`:
 * the designation must be in force that day, and the total within the direct-purchase limit
 * (`test`: within the test-purchase limit).
 */
export function directPurchase(
  config: TenantConfig,
  at: Date,
  product: { status: string; designatedFrom: string; designatedUntil: string },
  total: number,
  kind: 'direct' | 'test' = 'direct',
): PurchaseVerdict {
  const rule = requireRule(config, 'innovative-products', at);
  const limit = kind === 'test' ? rule.value.testPurchaseMax : rule.value.directPurchaseMax;
  const ref = ruleReference(rule);
  const day = localDate(at, config.timeZone);
  const inForce = product.status === 'designated' && product.designatedFrom <= day && day <= product.designatedUntil;
  if (!inForce) return { allowed: false, reason: 'not-designated', limit, rule: ref };
  if (total > limit) return { allowed: false, reason: 'above-limit', limit, rule: ref };
  return { allowed: true, limit, rule: ref };
}
