/**
 * Guarantees the tenant's rules ask for: the bid security a notice must require at least, and the
 * contract deposit. Amounts are integer minor units, rounded up so a guarantee never falls short.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { requireRule, ruleReference } from './lookup.js';

/** A percentage of an amount in minor units, rounded up (a guarantee never falls short). */
export function percentOf(amount: number, percent: number): number {
  return Math.ceil((amount * Math.round(percent * 1000)) / 100_000);
}

export function contractDeposit(
  config: TenantConfig,
  at: Date,
  contractValue: number,
): { amount: number; percent: number; rules: string[] } {
  const rule = requireRule(config, 'contract-deposit', at);
  return {
    amount: percentOf(contractValue, rule.value.percent),
    percent: rule.value.percent,
    rules: [ruleReference(rule)],
  };
}

/**
 * The least bid security a notice published at `at` may ask for, as a percentage of the bid price.
 * A bid's own security is then checked against the percentage its notice states (bids/service).
 */
export function bidSecurity(config: TenantConfig, at: Date): { percent: number; rule: string } {
  const rule = requireRule(config, 'bid-security', at);
  return { percent: rule.value.percent, rule: ruleReference(rule) };
}
