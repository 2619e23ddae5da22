/**
 * The rules an evaluation is decided by, each answer carrying the rule versions it applied
 * ("award-floor-rate v1") for the score table, the notice's record and the audit trail.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import type { RuleValue } from './catalogue.js';
import { requireRule, ruleReference } from './lookup.js';

/** Lowest price with qualification review: the floor rate under the reserve price and the pass mark. */
export function lowestPriceRules(
  config: TenantConfig,
  at: Date,
): { floorPercent: number; passMark: number; rules: string[] } {
  const floor = requireRule(config, 'award-floor-rate', at);
  const passMark = requireRule(config, 'qualification-pass-mark', at);
  return {
    floorPercent: floor.value.percent,
    passMark: passMark.value.score,
    rules: [ruleReference(floor), ruleReference(passMark)],
  };
}

/** Negotiated tenders: how technical totals are averaged, the differential points and the tie-break order. */
export function negotiatedRules(
  config: TenantConfig,
  at: Date,
): {
  dropExtremesFrom: number | null;
  differential: RuleValue<'differential-points'>;
  tieBreak: RuleValue<'evaluation-tie-break'>['order'];
  rules: string[];
} {
  const averaging = requireRule(config, 'technical-score-averaging', at);
  const differential = requireRule(config, 'differential-points', at);
  const tieBreak = requireRule(config, 'evaluation-tie-break', at);
  return {
    dropExtremesFrom: averaging.value.dropExtremesFrom,
    differential: differential.value,
    tieBreak: tieBreak.value.order,
    rules: [ruleReference(averaging), ruleReference(differential), ruleReference(tieBreak)],
  };
}

/** The technical/price weights a negotiated notice published at `at` is scored with. */
export function evaluationWeights(
  config: TenantConfig,
  at: Date,
): { weights: RuleValue<'evaluation-weights'>; rule: string } {
  const rule = requireRule(config, 'evaluation-weights', at);
  return { weights: rule.value, rule: ruleReference(rule) };
}
