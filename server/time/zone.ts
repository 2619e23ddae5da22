/** Calendar dates in a tenant's time zone (a debarment "until 31 May" ends at midnight there). */
import { dateTimeFormat } from '../i18n/intl-cache.js';

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    dateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return (
    Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute, parts.second) -
    Math.floor(at / 1000) * 1000
  );
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(guess, timeZone);
  // Recheck once, for days on which the offset changes.
  return new Date(guess - offsetMs(first, timeZone));
}

/** The instant the day after `date` begins: "until 31 May" inclusive. */
export function endOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDay(next, timeZone);
}

/** The instant a wall-clock time ("2026-12-17T11:30", seconds optional) names in a time zone. */
export function instantOfWallClock(text: string, timeZone: string): Date {
  const [date, time = '00:00'] = text.split('T') as [string, string?];
  const [h, m, s = '0'] = time.split(':');
  return new Date(startOfDay(date, timeZone).getTime() + (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
}

/** An instant as the zone's wall clock writes it, the way a datetime-local field holds it: "2026-12-17T11:30". */
export function wallClockText(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetMs(at.getTime(), timeZone)).toISOString().slice(0, 16);
}

/** Whether a name is an IANA time zone this runtime knows ("Asia/Seoul"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
