/**
 * Whether bids must be confirmed with the bidder's own passkey: the `bid-passkey` rule in force on
 * the tenant's clock (KONEPS answered certificate lending with fingerprint-confirmed bids). No
 * version in effect: not required.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt, ruleReference } from './lookup.js';

export function bidPasskeyRule(config: TenantConfig, at: Date): { required: boolean; rule: string | null } {
  const rule = ruleAt(config, 'bid-passkey', at);
  return { required: rule?.value.required ?? false, rule: rule ? ruleReference(rule) : null };
}
