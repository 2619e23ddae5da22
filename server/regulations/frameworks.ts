/**
 * Framework agreements (Korea's multiple-award schedule): which valid bids of the framework's
 * tender become parties, how long an agreement may run, and how far a party's unit price may move
 * in one change. Each decision names the rule version it used.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { requireRule, ruleReference } from './lookup.js';

/** A valid bid of a framework tender: its unit prices by item number and their total over the estimated quantities. */
export interface PriceListBid {
  bidId: string;
  supplierId: string;
  /** Unit price per item number. */
  unitPrices: Map<number, number>;
  total: number;
  /** Earlier receipts rank first among equal totals. */
  submittedAt: Date;
}

export interface FrameworkItemTerms {
  number: number;
  ceilingUnitPrice: number;
}

export interface PartySelection {
  parties: { bidId: string; supplierId: string; rank: number }[];
  /** Bids left out, with why: a unit price above its ceiling, an item not priced, or beyond the party cap. */
  excluded: { bidId: string; reason: 'above-ceiling' | 'item-missing' | 'beyond-cap' }[];
  rule: string;
}

/**
 * The parties of an agreement: every bid must price every item within its ceiling; the rest rank
 * by total, then by receipt time, and the first `maxParties` become parties. Under
 * `lowest-total` and `within-ceiling` alike a bid above a ceiling never becomes a party.
 */
export function selectParties(
  config: TenantConfig,
  at: Date,
  items: FrameworkItemTerms[],
  bids: PriceListBid[],
): PartySelection {
  const rule = requireRule(config, 'framework-agreement', at);
  const excluded: PartySelection['excluded'] = [];
  const eligible: PriceListBid[] = [];
  for (const bid of bids) {
    const missing = items.some((item) => !bid.unitPrices.has(item.number));
    const above = items.some((item) => (bid.unitPrices.get(item.number) ?? 0) > item.ceilingUnitPrice);
    if (missing) excluded.push({ bidId: bid.bidId, reason: 'item-missing' });
    else if (above) excluded.push({ bidId: bid.bidId, reason: 'above-ceiling' });
    else eligible.push(bid);
  }
  eligible.sort((a, b) => a.total - b.total || a.submittedAt.getTime() - b.submittedAt.getTime());
  const chosen = eligible.slice(0, rule.value.maxParties);
  for (const bid of eligible.slice(rule.value.maxParties)) excluded.push({ bidId: bid.bidId, reason: 'beyond-cap' });
  return {
    parties: chosen.map((bid, i) => ({ bidId: bid.bidId, supplierId: bid.supplierId, rank: i + 1 })),
    excluded,
    rule: ruleReference(rule),
  };
}

/** The longest an agreement may run, in months, and the rule that says so. */
export function agreementMaxMonths(
  config: TenantConfig,
  at: Date,
): { months: number; maxParties: number; rule: string } {
  const rule = requireRule(config, 'framework-agreement', at);
  return { months: rule.value.maxMonths, maxParties: rule.value.maxParties, rule: ruleReference(rule) };
}

export type PriceChangeVerdict =
  | { allowed: true; rule: string }
  | { allowed: false; reason: 'above-ceiling' | 'increase-too-large'; maxPrice: number; rule: string };

/** Whether a unit price may move from `from` to `to`: never past the ceiling, and up by at most the rule's %. */
export function priceChange(
  config: TenantConfig,
  at: Date,
  change: { from: number; to: number; ceiling: number },
): PriceChangeVerdict {
  const rule = requireRule(config, 'framework-price-change', at);
  const ref = ruleReference(rule);
  const byPercent = Math.floor((change.from * (100 + rule.value.maxIncreasePercent)) / 100);
  const maxPrice = Math.min(change.ceiling, byPercent);
  if (change.to > change.ceiling) return { allowed: false, reason: 'above-ceiling', maxPrice, rule: ref };
  if (change.to > byPercent) return { allowed: false, reason: 'increase-too-large', maxPrice, rule: ref };
  return { allowed: true, rule: ref };
}
