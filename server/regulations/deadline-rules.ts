/**
 * How an addendum or a system outage moves a notice's dates, by the tenant's rules (no I/O):
 * - addendum-lead-time: an addendum issued less than `days` before the submission deadline
 *   (counted in the tenant's calendar) must leave at least `extendBy` after the issue date; a
 *   deadline the officer left too close is extended automatically;
 * - outage-extension: a deadline that fell inside an outage moves to `days` after its end;
 * - deadline-on-non-working-day: where such a computed date lands when it is not a working day.
 * A moved deadline keeps its time of day; the opening keeps its gap to the deadline unless the
 * officer gave one.
 */
import type { FieldDetail } from '../http/errors.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { startOfDay } from '../time/zone.js';
import { addPeriod, moveOffNonWorkingDay, workingCalendar } from './calendar.js';
import { localDate, ruleAt, ruleReference } from './lookup.js';

export interface NoticeDates {
  deadline: Date;
  opening: Date;
}

export interface MovedDates extends NoticeDates {
  extendedByRule: boolean;
  rules: string[];
  /** The lead time and the extension the rule asked for, to explain an automatic extension. */
  leadTime?: { days: number; extendBy: number; unit: 'calendar' | 'business'; rule: string };
}

/** The same wall-clock time as `reference`, on another calendar date, in the tenant's zone. */
export function atTimeOfDay(date: string, reference: Date, timeZone: string): Date {
  const sinceMidnight = reference.getTime() - startOfDay(localDate(reference, timeZone), timeZone).getTime();
  return new Date(startOfDay(date, timeZone).getTime() + sinceMidnight);
}

const shift = (at: Date, ms: number) => new Date(at.getTime() + ms);

function moveRule(config: TenantConfig, at: Date) {
  const rule = ruleAt(config, 'deadline-on-non-working-day', at);
  return { move: rule?.value.move ?? 'next-working-day', refs: rule ? [ruleReference(rule)] : [] };
}

/**
 * The dates after an addendum issued at `at`, or the field problems of what the officer asked.
 * An addendum never brings the deadline forward: suppliers may be preparing bids for it.
 */
export function addendumDates(
  config: TenantConfig,
  at: Date,
  current: NoticeDates,
  requested: { deadline?: Date; opening?: Date },
): MovedDates | FieldDetail[] {
  const problems: FieldDetail[] = [];
  const wanted = requested.deadline ?? current.deadline;
  if (requested.deadline && requested.deadline <= at)
    problems.push({ field: 'submissionDeadline', key: 'addenda:deadline_in_past' });
  else if (requested.deadline && requested.deadline < current.deadline)
    problems.push({ field: 'submissionDeadline', key: 'addenda:deadline_earlier' });
  if (requested.opening && requested.opening < wanted)
    problems.push({ field: 'openingAt', key: 'notices:opening_before_deadline' });
  if (problems.length > 0) return problems;

  const rules: string[] = [];
  let deadline = wanted;
  let leadTime: MovedDates['leadTime'];
  const rule = ruleAt(config, 'addendum-lead-time', at);
  if (rule) {
    rules.push(ruleReference(rule));
    const calendar = workingCalendar(config);
    const issued = localDate(at, config.timeZone);
    const { days, unit, extendBy } = rule.value;
    if (localDate(current.deadline, config.timeZone) < addPeriod(calendar, issued, days, unit)) {
      const { move, refs } = moveRule(config, at);
      rules.push(...refs);
      const earliest = moveOffNonWorkingDay(calendar, addPeriod(calendar, issued, extendBy, unit), move);
      if (localDate(wanted, config.timeZone) < earliest) {
        deadline = atTimeOfDay(earliest, wanted, config.timeZone);
        leadTime = { days, extendBy, unit, rule: ruleReference(rule) };
      }
    }
  }
  const extension = deadline.getTime() - wanted.getTime();
  const opening = requested.opening
    ? requested.opening >= deadline
      ? requested.opening
      : shift(requested.opening, extension)
    : shift(current.opening, deadline.getTime() - current.deadline.getTime());
  return { deadline, opening, extendedByRule: leadTime !== undefined, rules, leadTime };
}

/**
 * The dates of a notice whose deadline fell inside an outage ending at `endsAt`: `days` after the
 * end, off non-working days, at the deadline's time of day (and never inside the outage).
 * Undefined when the tenant has no outage-extension rule for that date.
 */
export function outageDates(
  config: TenantConfig,
  endsAt: Date,
  current: NoticeDates,
): (NoticeDates & { rules: string[]; days: number; unit: 'calendar' | 'business' }) | undefined {
  const rule = ruleAt(config, 'outage-extension', endsAt);
  if (!rule) return undefined;
  const calendar = workingCalendar(config);
  const { move, refs } = moveRule(config, endsAt);
  let day = moveOffNonWorkingDay(
    calendar,
    addPeriod(calendar, localDate(endsAt, config.timeZone), rule.value.days, rule.value.unit),
    move,
  );
  let deadline = atTimeOfDay(day, current.deadline, config.timeZone);
  while (deadline <= endsAt) {
    day = moveOffNonWorkingDay(calendar, addPeriod(calendar, day, 1, 'calendar'), 'next-working-day');
    deadline = atTimeOfDay(day, current.deadline, config.timeZone);
  }
  return {
    deadline,
    opening: shift(current.opening, deadline.getTime() - current.deadline.getTime()),
    rules: [ruleReference(rule), ...refs],
    days: rule.value.days,
    unit: rule.value.unit,
  };
}
