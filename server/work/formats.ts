/** How the work page writes times, dates, amounts and titles: the tenant's zone, the reader's language. */
import type { Request } from 'express';
import { formatMoney, formatNumber, intlLocale, relativeTime } from '../i18n/format.js';
import { dateTimeFormat } from '../i18n/intl-cache.js';
import { textIn } from '../i18n/localized-fields.js';

export type ViewRequest = Pick<Request, 't' | 'lng' | 'actor' | 'baseUrl'>;

export interface WorkFormats {
  /** A moment, short: "6 Dec 2026, 12:51". */
  time(at: Date): string;
  /** A calendar date kept as YYYY-MM-DD, written out. */
  day(date: string): string;
  /** "in 3 days", "2 hours ago", from the tenant's clock. */
  relative(at: Date): string;
  money(minorUnits: number): string;
  number(value: number): string;
  /** A title kept per language: the reader's, else the first there is. */
  title(title: Record<string, string>): string;
}

export function workFormats(req: ViewRequest, now: Date): WorkFormats {
  const { timeZone, numberingSystem, currency } = req.actor.tenant.config;
  const locale = intlLocale(req.lng, numberingSystem);
  const times = dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const days = dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    time: (at) => times.format(at),
    day: (date) => days.format(new Date(`${date}T00:00:00Z`)),
    relative: (at) => relativeTime(at, now, req.lng, numberingSystem),
    money: (minorUnits) => formatMoney(minorUnits, currency, req.lng, numberingSystem),
    number: (value) => formatNumber(value, req.lng, numberingSystem),
    title: (title) => textIn(title, req.lng, req.actor.tenant.config.locales.default),
  };
}

/** Text put into a translated sentence, isolated (FSI…PDI) so a Latin number keeps its place in Kurdish or Arabic. */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
