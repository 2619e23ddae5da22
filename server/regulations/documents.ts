/**
 * The tender documents a notice must carry when it is published: at least `minimum`, more for the
 * methods the tenant's rule lists (required-documents, as configured in tenants/<slug>.yaml).
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt, ruleReference } from './lookup.js';

/** How many documents a notice of `method` published at `at` needs; undefined when no rule asks for any. */
export function requiredDocuments(
  config: TenantConfig,
  at: Date,
  method: string,
): { count: number; rule: string } | undefined {
  const rule = ruleAt(config, 'required-documents', at);
  if (!rule) return undefined;
  const byMethod = rule.value.byMethod as Record<string, number | undefined> | undefined;
  return { count: Math.max(rule.value.minimum, byMethod?.[method] ?? 0), rule: ruleReference(rule) };
}
