/**
 * KONEPS multiple reserve prices (복수예비가격): candidates drawn within a band around the base
 * amount and sealed at publication; each bidder picks some by number without seeing them; at
 * opening the most-picked candidates are averaged into the reserve price. Ties, too few picks and
 * rounding follow the rule's stated parameters. Amounts are integer minor units; the random draw
 * comes from `crypto`.
 */
import { randomInt } from 'node:crypto';
import type { TenantConfig } from '../tenancy/config-schema.js';
import type { RuleValue } from './catalogue.js';
import { ruleAt, ruleReference } from './lookup.js';

type Multiple = Extract<RuleValue<'reserve-price'>, { method: 'multiple' }>;

/**
 * The multiple-reserve-price rule in force at `at` (a notice's publication: candidates drawn
 * then are averaged and picked under the same version), or undefined when the tenant's rule is
 * 'none' or it has no version then. `reference`: "reserve-price v1", for the notice and opening.
 */
export function multipleReservePrice(
  config: TenantConfig,
  at: Date,
): { rule: Multiple; reference: string } | undefined {
  const rule = ruleAt(config, 'reserve-price', at);
  if (!rule || rule.value.method !== 'multiple') return undefined;
  return { rule: rule.value, reference: ruleReference(rule) };
}

export function drawCandidates(
  baseAmount: number,
  rule: Multiple,
  draw: (min: number, maxExclusive: number) => number = randomInt,
): number[] {
  const low = Math.ceil((baseAmount * (100 - rule.bandPercent)) / 100);
  const high = Math.floor((baseAmount * (100 + rule.bandPercent)) / 100);
  return Array.from({ length: rule.candidates }, () => draw(low, high + 1));
}

export interface ReservePriceResult {
  /** Pick counts by candidate number (1-based), in number order. */
  counts: number[];
  /** The candidate numbers averaged, in rank order. */
  chosen: number[];
  reservePrice: number;
}

/** `picks`: each bidder's chosen candidate numbers (1-based). */
export function reservePrice(candidates: number[], picks: number[][], rule: Multiple): ReservePriceResult {
  const counts = candidates.map(() => 0);
  for (const bidder of picks) {
    for (const n of new Set(bidder)) {
      if (Number.isInteger(n) && n >= 1 && n <= candidates.length) counts[n - 1]!++;
    }
  }
  const ranked = counts
    .map((count, i) => ({ number: i + 1, count }))
    .filter((c) => c.count > 0)
    // Most picked first; equal counts: the lower number first (rule tieBreak 'lower-number').
    .sort((a, b) => b.count - a.count || a.number - b.number);
  // Fewer picked candidates than averageOf: average those available ('average-available');
  // nobody picked at all: the first `averageOf` candidates by number.
  const chosen = (
    ranked.length > 0
      ? ranked.slice(0, rule.averageOf)
      : counts.slice(0, rule.averageOf).map((_, i) => ({ number: i + 1 }))
  ).map((c) => c.number);
  const mean = chosen.reduce((sum, n) => sum + candidates[n - 1]!, 0) / chosen.length;
  const round = rule.rounding === 'floor' ? Math.floor : rule.rounding === 'ceil' ? Math.ceil : Math.round;
  return { counts, chosen, reservePrice: round(mean) };
}
