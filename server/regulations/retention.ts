/** How long device records are kept: the tenant's `device-data-retention` rule, or a year without one. */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt } from './lookup.js';

const DEFAULT_DAYS = 365;

/** `rule`: "device-data-retention v1", or "default" when the tenant has none in force. */
export function deviceDataRetention(config: TenantConfig, at: Date): { days: number; rule: string } {
  const rule = ruleAt(config, 'device-data-retention', at);
  return rule
    ? { days: rule.value.days, rule: `${rule.id} v${rule.version}` }
    : { days: DEFAULT_DAYS, rule: 'default' };
}
