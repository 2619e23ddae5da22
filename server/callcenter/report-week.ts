/**
 * The weeks the call-center report covers: ISO 8601 weeks (Monday to Sunday, week 1 holds the
 * year's first Thursday), named as an HTML week field names them ("2026-W49"), whose days run
 * from midnight to midnight in the staff member's time zone.
 */
import { startOfDay, wallClockText } from '../time/zone.js';

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

export interface ReportWeek {
  /** "2026-W49" */
  id: string;
  year: number;
  number: number;
  /** The seven calendar days, Monday first (YYYY-MM-DD). */
  days: string[];
  timeZone: string;
  /** Midnight starting the Monday and midnight ending the Sunday, in the time zone: [start, end). */
  start: Date;
  end: Date;
  previous: string;
  next: string;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Monday of week 1: the Monday on or before 4 January. */
function firstMonday(year: number): number {
  const fourth = Date.UTC(year, 0, 4);
  const weekday = (new Date(fourth).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return fourth - weekday * DAY_MS;
}

/** 52, or 53 in a year whose 28 December (always in its last week) falls in week 53. */
function weeksIn(year: number): number {
  return Math.round((firstMonday(year + 1) - firstMonday(year)) / (7 * DAY_MS));
}

const idOf = (year: number, number: number) => `${year}-W${String(number).padStart(2, '0')}`;

/** The ISO week a calendar day (YYYY-MM-DD) belongs to. */
export function isoWeekOf(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  const year = Number(day.slice(0, 4));
  for (const candidate of [year + 1, year, year - 1]) {
    const monday = firstMonday(candidate);
    if (ms >= monday) return idOf(candidate, Math.floor((ms - monday) / (7 * DAY_MS)) + 1);
  }
  throw new Error(`no ISO week for ${day}`);
}

/** Whether a text names a week that exists ("2026-W53" does, "2025-W53" does not). */
export function isIsoWeek(text: string): boolean {
  const match = WEEK_PATTERN.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const number = Number(match[2]);
  return year >= 2000 && year <= 2999 && number >= 1 && number <= weeksIn(year);
}

/** The week holding the instant `now` in `timeZone`. */
export function currentWeek(now: Date, timeZone: string): string {
  return isoWeekOf(wallClockText(now, timeZone).slice(0, 10));
}

/** A week (one isIsoWeek accepts) with its days and bounds in `timeZone`. */
export function reportWeek(id: string, timeZone: string): ReportWeek {
  const [, y, n] = WEEK_PATTERN.exec(id) ?? [];
  const year = Number(y);
  const number = Number(n);
  const monday = firstMonday(year) + (number - 1) * 7 * DAY_MS;
  const days = Array.from({ length: 7 }, (_, i) => utcDay(monday + i * DAY_MS));
  return {
    id: idOf(year, number),
    year,
    number,
    days,
    timeZone,
    start: startOfDay(days[0]!, timeZone),
    end: startOfDay(utcDay(monday + 7 * DAY_MS), timeZone),
    previous: isoWeekOf(utcDay(monday - 7 * DAY_MS)),
    next: isoWeekOf(utcDay(monday + 7 * DAY_MS)),
  };
}
