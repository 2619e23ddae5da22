/**
 * Second competitions: an order from the mall above the tenant's threshold is not placed with one
 * party directly; the agreement's parties quote, sealed, by a deadline counted in the tenant's
 * calendar at the same time of day, and the quotes open only with enough of them.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { startOfDay } from '../time/zone.js';
import { addPeriod, workingCalendar } from './calendar.js';
import { localDate, requireRule, ruleReference } from './lookup.js';

/** Whether an order of this total needs a second competition (strictly above the threshold). */
export function needsSecondCompetition(
  config: TenantConfig,
  at: Date,
  total: number,
): { needed: boolean; threshold: number; rule: string } {
  const rule = requireRule(config, 'second-competition', at);
  return { needed: total > rule.value.aboveValue, threshold: rule.value.aboveValue, rule: ruleReference(rule) };
}

/** When the quotes of a competition started at `at` are due, and how many it needs to open. */
export function quotesDue(config: TenantConfig, at: Date): { closesAt: Date; minQuotes: number; rule: string } {
  const rule = requireRule(config, 'second-competition', at);
  const today = localDate(at, config.timeZone);
  const last = addPeriod(workingCalendar(config), today, rule.value.days, rule.value.unit);
  const timeOfDay = at.getTime() - startOfDay(today, config.timeZone).getTime();
  return {
    closesAt: new Date(startOfDay(last, config.timeZone).getTime() + timeOfDay),
    minQuotes: rule.value.minQuotes,
    rule: ruleReference(rule),
  };
}
