/**
 * When an award's standstill ends (the period losing bidders have to complain before the award
 * becomes final): the tenant's `standstill` rule counted in its calendar, at the same time of day.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { startOfDay } from '../time/zone.js';
import { addPeriod, workingCalendar } from './calendar.js';
import { localDate, requireRule, ruleReference } from './lookup.js';

/** The end of the standstill: the rule's days counted in the tenant's calendar, same time of day. */
export function standstillEnd(config: TenantConfig, at: Date): { endsAt: Date; rule: string } {
  const rule = requireRule(config, 'standstill', at);
  const today = localDate(at, config.timeZone);
  const last = addPeriod(workingCalendar(config), today, rule.value.days, rule.value.unit);
  const timeOfDay = at.getTime() - startOfDay(today, config.timeZone).getTime();
  return { endsAt: new Date(startOfDay(last, config.timeZone).getTime() + timeOfDay), rule: ruleReference(rule) };
}
