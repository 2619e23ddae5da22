/**
 * How the portal writes what it reads, for one reader: amounts in the tenant's currency, numbers
 * and days in the reader's language with the tenant's digits, instants in the tenant's time zone,
 * texts kept in several languages in the reader's, and codes (methods, categories, statuses) in
 * the words the procurement pages already use for them.
 */
import type { Request } from 'express';
import { currencyDigits, formatDate, formatDateTime, formatMoney, formatNumber, intlLocale } from '../i18n/format.js';
import { numberFormat } from '../i18n/intl-cache.js';
import { textIn } from '../i18n/localized-fields.js';
import type { Language } from '../i18n/languages.js';
import { localDate } from '../regulations/lookup.js';

export type ViewRequest = Pick<Request, 't' | 'lng' | 'actor' | 'baseUrl'>;

export interface Reader {
  lng: Language;
  t: Request['t'];
  base: string;
  money: (minorUnits: number | string) => string;
  number: (value: number) => string;
  /** A year, without a thousands separator ("2026", not "2,026"). */
  year: (value: number) => string;
  /** A share (0.5) as a percentage ("50%"), to a tenth. */
  percent: (share: number) => string;
  /** A number of days to a tenth. */
  days: (value: number) => string;
  /** A calendar day (YYYY-MM-DD) or an instant's day in the tenant's zone, written out. */
  day: (value: string | Date) => string;
  time: (at: Date) => string;
  /** For a spreadsheet cell: an amount in the currency's major unit, and an instant's local day (YYYY-MM-DD). */
  amount: (minorUnits: number | string) => number;
  digits: number;
  localDay: (at: Date) => string;
  text: (texts: Partial<Record<string, string>> | null | undefined) => string;
  method: (code: string) => string;
  category: (code: string) => string;
}

export function readerOf(req: ViewRequest): Reader {
  const { currency, numberingSystem, timeZone, locales } = req.actor.tenant.config;
  const lng = req.lng;
  const locale = intlLocale(lng, numberingSystem);
  return {
    lng,
    t: req.t,
    base: req.baseUrl,
    money: (minorUnits) => formatMoney(minorUnits, currency, lng, numberingSystem),
    number: (value) => formatNumber(value, lng, numberingSystem),
    year: (value) => numberFormat(locale, { useGrouping: false }, 'year').format(value),
    percent: (share) => numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }, 'percent-1').format(share),
    days: (value) => numberFormat(locale, { maximumFractionDigits: 1 }, 'fraction-1').format(value),
    day: (value) => formatDate(value, lng, timeZone, numberingSystem),
    time: (at) => formatDateTime(at, lng, timeZone, numberingSystem),
    amount: (minorUnits) => Number(minorUnits) / 10 ** currencyDigits(currency),
    digits: currencyDigits(currency),
    localDay: (at) => localDate(at, timeZone),
    text: (texts) => textIn(texts ?? {}, lng, locales.default),
    method: (code) => req.t(`plans:method_${code}`),
    category: (code) => req.t(`suppliers:category_${code}`),
  };
}
