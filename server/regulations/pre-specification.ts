/**
 * How long a pre-specification disclosure (사전규격공개) runs: the tenant's `pre-specification`
 * rule in force when it opens, counted in the tenant's calendar, ending at the end of the last day.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { endOfDay } from '../time/zone.js';
import { addPeriod, workingCalendar } from './calendar.js';
import type { RuleValue } from './catalogue.js';
import { localDate, ruleAt, type AppliedRule } from './lookup.js';

type Rule = AppliedRule<RuleValue<'pre-specification'>>;

export interface DisclosurePeriod {
  rule: Rule;
  /** The last local day of the disclosure (YYYY-MM-DD). */
  closesOn: string;
  /** The instant that day ends in the tenant's time zone: comments close, publication may follow. */
  closesAt: Date;
}

/** The period a disclosure opened at `at` would run for, or undefined when the tenant has no such rule. */
export function disclosurePeriod(config: TenantConfig, at: Date): DisclosurePeriod | undefined {
  const rule = ruleAt(config, 'pre-specification', at);
  if (!rule) return undefined;
  const closesOn = addPeriod(workingCalendar(config), localDate(at, config.timeZone), rule.value.days, rule.value.unit);
  return { rule, closesOn, closesAt: endOfDay(closesOn, config.timeZone) };
}
