/** Locale-aware formatting from Intl with the tenant's settings (time zone, numbering system). */
import { dateTimeFormat, displayNames, listFormat, numberFormat, relativeTimeFormat } from './intl-cache.js';
import type { Language } from './languages.js';

/**
 * The Intl locale for a language. Node's ICU has no Tetum data, so Tetum formats as Portuguese,
 * on purpose: Timor-Leste's other official language, with the same separators and month forms.
 */
export function intlLocale(lng: Language, numberingSystem: 'latn' | 'arab' = 'latn'): string {
  const base = lng === 'tet' ? 'pt' : lng;
  return `${base}-u-nu-${numberingSystem}`;
}

export function formatDateTime(at: Date, lng: Language, timeZone: string, numbering: 'latn' | 'arab'): string {
  const options = { dateStyle: 'full', timeStyle: 'short', timeZone } as const;
  return dateTimeFormat(intlLocale(lng, numbering), options, `full-short|${timeZone}`).format(at);
}

/**
 * A day in the reader's language ("7 October 2026", «٧ی تشرینی یەکەمی ٢٠٢٦»): a calendar date
 * (YYYY-MM-DD, no zone) as it is, an instant as its day in the tenant's time zone.
 */
export function formatDate(
  day: string | Date,
  lng: Language,
  timeZone: string,
  numbering: 'latn' | 'arab' = 'latn',
): string {
  const calendar = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day);
  const at = calendar ? new Date(`${day}T00:00:00Z`) : new Date(day);
  if (Number.isNaN(at.getTime())) return String(day);
  return dateTimeFormat(intlLocale(lng, numbering), {
    dateStyle: 'long',
    timeZone: calendar ? 'UTC' : timeZone,
  }).format(at);
}

const WEEKDAY_INDEX = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;

/** Weekday names in the given language, e.g. ['Friday', 'Saturday']. */
export function weekdayNames(days: (keyof typeof WEEKDAY_INDEX)[], lng: Language): string[] {
  const format = dateTimeFormat(intlLocale(lng), { weekday: 'long', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday.
  return days.map((d) => format.format(new Date(Date.UTC(2023, 0, 1 + WEEKDAY_INDEX[d]))));
}

/**
 * Words joined as the reader's language joins a list: "Friday and Saturday", «الجمعة والسبت».
 * ICU has no list patterns for Central Kurdish, and its Portuguese "e" is not Tetum: those two
 * get their script's comma and no conjunction.
 */
export function formatList(items: string[], lng: Language): string {
  if (lng === 'ckb') return items.join('، ');
  if (lng === 'tet') return items.join(', ');
  return listFormat(intlLocale(lng)).format(items);
}

/** A time zone's name in the reader's language ("Arabian Standard Time"), or undefined where ICU has none. */
export function timeZoneName(timeZone: string, lng: Language): string | undefined {
  const key = `${timeZone}|${lng}`;
  if (!zoneNames.has(key)) {
    // The generic name ("Arabian Time") does not change with daylight saving: one lookup per zone and language.
    const name = dateTimeFormat(intlLocale(lng), { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    zoneNames.set(key, name && name !== timeZone ? name : undefined);
  }
  return zoneNames.get(key);
}
const zoneNames = new Map<string, string | undefined>();

/** Central Kurdish currency names: Node's ICU has none (it answers the code, "IQD"). */
const SORANI_CURRENCIES: Record<string, string> = {
  IQD: 'دیناری عێراقی',
  USD: 'دۆلاری ئەمریکی',
  KRW: 'وۆنی کۆریای باشوور',
  VND: 'دۆنگی ڤیەتنام',
  KHR: 'ڕیێلی کەمبۆدیا',
};

/** A currency's name in the reader's language ("Iraqi dinar", «دیناری عێراقی»); the code where none is known. */
export function currencyName(code: string, lng: Language): string {
  if (lng === 'ckb') return SORANI_CURRENCIES[code] ?? code;
  return displayNames(intlLocale(lng), 'currency').of(code) ?? code;
}

/** How many minor-unit digits a currency has (2 for USD; 0 for IQD and KRW, which keep none). */
export function currencyDigits(currency: string): number {
  let digits = digitsOfCurrency.get(currency);
  if (digits === undefined) {
    digits = numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
    digitsOfCurrency.set(currency, digits);
  }
  return digits;
}
// Per currency code (a handful), asked for by every amount on a page.
const digitsOfCurrency = new Map<string, number>();

/** An amount kept in minor units as a person types it in a form: 12345 cents → "123.45". */
export function typedAmount(minorUnits: number | string, currency: string): string {
  const digits = currencyDigits(currency);
  return (Number(minorUnits) / 10 ** digits).toFixed(digits);
}

/** An amount kept in minor units, formatted in the reader's language (IQD and KRW have none). */
export function formatMoney(
  minorUnits: number | string,
  currency: string,
  lng: Language,
  numbering: 'latn' | 'arab' = 'latn',
): string {
  const format = numberFormat(intlLocale(lng, numbering), { style: 'currency', currency }, `currency|${currency}`);
  return format.format(Number(minorUnits) / 10 ** currencyDigits(currency));
}

export function formatNumber(value: number, lng: Language, numbering: 'latn' | 'arab' = 'latn'): string {
  return numberFormat(intlLocale(lng, numbering), {}, 'plain').format(value);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * Central Kurdish relative times: Node's ICU has the language but not these patterns (it answers
 * "+3 d"), so they are stated here, as CLDR would: "لە ماوەی ٣ ڕۆژدا", "٣ ڕۆژ لەمەوبەر".
 */
const SORANI_UNITS: Record<string, string> = { day: 'ڕۆژ', hour: 'کاتژمێر', minute: 'خولەک' };

/** "in 3 days", "2 hours ago": the largest whole unit, in the reader's language. */
export function relativeTime(at: Date, from: Date, lng: Language, numbering: 'latn' | 'arab' = 'latn'): string {
  const diff = at.getTime() - from.getTime();
  const [unit, ms] = UNITS.find(([, size]) => Math.abs(diff) >= size) ?? UNITS[UNITS.length - 1]!;
  const count = Math.trunc(diff / ms);
  if (lng === 'ckb') {
    const n = formatNumber(Math.abs(count), lng, numbering);
    return count >= 0 ? `لە ماوەی ${n} ${SORANI_UNITS[unit]}دا` : `${n} ${SORANI_UNITS[unit]} لەمەوبەر`;
  }
  return relativeTimeFormat(intlLocale(lng, numbering)).format(count, unit);
}
