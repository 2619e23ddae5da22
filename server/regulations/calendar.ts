/**
 * A tenant's working calendar: its weekend days and holidays (dated lists in the config, and the
 * date-holidays package's public holidays for the countries it knows), and periods counted in
 * calendar or business days from a calendar date.
 */
import Holidays from 'date-holidays';
import type { TenantConfig } from '../tenancy/config-schema.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  holidayName(date: string): string | undefined;
}

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function workingCalendar(config: TenantConfig): WorkingCalendar {
  const weekend = new Set(config.weekend);
  const listed = new Map(config.holidays.dates.map((h) => [h.date, h.name.en ?? Object.values(h.name)[0] ?? h.date]));
  const known = config.holidays.calendar ? new Holidays(config.holidays.calendar) : undefined;
  const byYear = new Map<number, Map<string, string>>();
  const packaged = (date: string) => {
    if (!known) return undefined;
    const year = Number(date.slice(0, 4));
    let days = byYear.get(year);
    if (!days) {
      days = new Map(
        known
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => [h.date.slice(0, 10), h.name]),
      );
      byYear.set(year, days);
    }
    return days.get(date);
  };
  return {
    holidayName: (date) => listed.get(date) ?? packaged(date),
    isWorkingDay(date) {
      const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
      return !weekend.has(weekday) && !listed.has(date) && packaged(date) === undefined;
    },
  };
}

/** The date `n` days after `from` (a calendar date), counting calendar or only working days. */
export function addPeriod(calendar: WorkingCalendar, from: string, n: number, unit: 'calendar' | 'business'): string {
  if (unit === 'calendar') return addDays(from, n);
  let date = from;
  let counted = 0;
  while (counted < n) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) counted++;
  }
  return date;
}

/** Moves a date off a non-working day, as the tenant's rule says. */
export function moveOffNonWorkingDay(
  calendar: WorkingCalendar,
  date: string,
  move: 'next-working-day' | 'previous-working-day' | 'stay',
): string {
  if (move === 'stay') return date;
  let d = date;
  while (!calendar.isWorkingDay(d)) d = addDays(d, move === 'next-working-day' ? 1 : -1);
  return d;
}
