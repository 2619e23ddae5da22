/**
 * Decisions the procurement cycle asks of a tenant's rules, each returning the rule versions it
 * applied so pages and the audit trail can say "notice period 10 business days — rule
 * notice-period v2, special measures".
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { addPeriod, moveOffNonWorkingDay, workingCalendar } from './calendar.js';
import { localDate, requireRule, ruleAt, ruleReference } from './lookup.js';

export type Category = 'goods' | 'services' | 'works' | 'ict';

export interface NoticeFacts {
  category: Category;
  competition: 'domestic' | 'international';
  /** Estimated price in minor units. */
  estimatedValue: number;
}

export interface NoticePeriod {
  days: number;
  unit: 'calendar' | 'business';
  /** The earliest allowed submission deadline (a calendar date in the tenant's time zone). */
  earliestDeadline: string;
  rules: string[];
}

export function noticePeriod(config: TenantConfig, publishedAt: Date, facts: NoticeFacts): NoticePeriod {
  const rule = requireRule(config, 'notice-period', publishedAt);
  const row = rule.value.table.find(
    (r) =>
      (!r.category || r.category === facts.category) &&
      (!r.competition || r.competition === facts.competition) &&
      (r.minValue === undefined || facts.estimatedValue >= r.minValue),
  );
  if (!row) throw new Error(`${ruleReference(rule)} has no row for ${facts.category}/${facts.competition}`);
  const calendar = workingCalendar(config);
  const moveRule = ruleAt(config, 'deadline-on-non-working-day', publishedAt);
  const counted = addPeriod(calendar, localDate(publishedAt, config.timeZone), row.days, rule.value.unit);
  const earliestDeadline = moveOffNonWorkingDay(calendar, counted, moveRule?.value.move ?? 'next-working-day');
  return {
    days: row.days,
    unit: rule.value.unit,
    earliestDeadline,
    rules: [ruleReference(rule), ...(moveRule ? [ruleReference(moveRule)] : [])],
  };
}

/** Must a notice cite a published plan entry? The rule version when it must, undefined when not. */
export function planRequired(config: TenantConfig, at: Date): { rule: string } | undefined {
  const rule = ruleAt(config, 'plan-required', at);
  return rule?.value.required ? { rule: ruleReference(rule) } : undefined;
}

/** How many valid bids (from distinct suppliers) an opening needs, or the tender fails. */
export function minimumValidBids(config: TenantConfig, at: Date): { count: number; rule: string } {
  const rule = requireRule(config, 'minimum-valid-bids', at);
  return { count: rule.value.count, rule: ruleReference(rule) };
}

export type DirectContractVerdict =
  | { allowed: true; reason: 'small-value' | 'failed-attempts'; rules: string[] }
  | { allowed: false; failedAttemptsNeeded: number; rules: string[] };

/** May this procurement go to a direct contract now? Below the small-value threshold, or after enough failed tenders. */
export function directContract(
  config: TenantConfig,
  at: Date,
  facts: { category: Category; subcategory?: string; estimatedValue: number; failedAttempts: number },
): DirectContractVerdict {
  const small = ruleAt(config, 'small-value-direct', at);
  const threshold = small?.value.thresholds.find(
    (t) => t.category === facts.category && (!t.subcategory || t.subcategory === facts.subcategory),
  );
  if (small && threshold && facts.estimatedValue <= threshold.maxValue)
    return { allowed: true, reason: 'small-value', rules: [ruleReference(small)] };
  const failed = requireRule(config, 'failed-attempts-before-direct', at);
  const rules = [...(small ? [ruleReference(small)] : []), ruleReference(failed)];
  return facts.failedAttempts >= failed.value.count
    ? { allowed: true, reason: 'failed-attempts', rules }
    : { allowed: false, failedAttemptsNeeded: failed.value.count, rules };
}
