/**
 * The demo world's time: every event is a local time on a day counted from the start day, in the
 * tenant's time zone, and every event lies in the past of the real clock (nothing is recorded as
 * happening later than the moment it was built). Deadlines fall on working days.
 */
import { moveOffNonWorkingDay, workingCalendar, type WorkingCalendar } from '../regulations/calendar.js';
import { localDate } from '../regulations/lookup.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { startOfDay } from '../time/zone.js';

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export class Timeline {
  readonly today: string;
  private readonly calendar: WorkingCalendar;

  constructor(
    private readonly config: TenantConfig,
    readonly realNow: Date,
  ) {
    this.today = localDate(realNow, config.timeZone);
    this.calendar = workingCalendar(config);
  }

  /** The calendar date `offset` days from the start day. */
  day(offset: number): string {
    return addDays(this.today, offset);
  }

  /** Days from the start day to `date`. */
  offsetOf(date: string): number {
    return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${this.today}T00:00:00Z`)) / 86_400_000);
  }

  /** The first working day on or after `offset` days from the start day, as an offset. */
  workingDay(offset: number): number {
    return this.offsetOf(moveOffNonWorkingDay(this.calendar, this.day(offset), 'next-working-day'));
  }

  /** "HH:MM" local time, `offset` days from the start day. */
  at(offset: number, time: string): Date {
    const [h, m] = time.split(':').map(Number) as [number, number];
    return new Date(startOfDay(this.day(offset), this.config.timeZone).getTime() + (h * 60 + m) * 60_000);
  }

  /** The typed form of a local date and time ("2026-12-01T10:00"), as an officer enters it. */
  typed(offset: number, time: string): string {
    return `${this.day(offset)}T${time}`;
  }
}
