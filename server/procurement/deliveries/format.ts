/** Formatting for the delivery, payment and timeline pages, in the reader's language. */
import type { Request } from 'express';
import { formatDateTime, formatMoney, intlLocale } from '../../i18n/format.js';
import { dateTimeFormat } from '../../i18n/intl-cache.js';

export interface Formats {
  money(minorUnits: number | string): string;
  /** A calendar date (YYYY-MM-DD), written out. */
  day(date: string): string;
  time(at: Date): string;
}

export function formatsFor(req: Request): Formats {
  const { currency, timeZone, numberingSystem } = req.actor.tenant.config;
  const days = dateTimeFormat(intlLocale(req.lng, numberingSystem), { dateStyle: 'long', timeZone: 'UTC' });
  return {
    money: (minorUnits) => formatMoney(minorUnits, currency, req.lng, numberingSystem),
    day: (date) => days.format(new Date(`${date}T00:00:00Z`)),
    time: (at) => formatDateTime(at, req.lng, timeZone, numberingSystem),
  };
}
