/**
 * Intl formatters are costly to build (ICU data lookups) and cheap to reuse; the set of locales,
 * zones and options in use is small, so each is built once per process.
 */
import { registerTenantCache } from '../tenancy/tenant-caches.js';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * `key`, when given, names the options for the caller's hottest formats (a page formats dozens of
 * instants and amounts), sparing their JSON on every call; it must say everything the options say.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions, key?: string): Intl.DateTimeFormat {
  key = key === undefined ? `${locale}|${JSON.stringify(options)}` : `${locale}|${key}`;
  let format = dateTimeFormats.get(key);
  if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions, key?: string): Intl.NumberFormat {
  key = key === undefined ? `${locale}|${JSON.stringify(options)}` : `${locale}|${key}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** "in 3 days", "yesterday": numeric 'auto', the only style the pages use. */
export function relativeTimeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeTimeFormats.get(locale);
  if (!format) relativeTimeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return format;
}

const displayNamesCache = new Map<string, Intl.DisplayNames>();
const listFormats = new Map<string, Intl.ListFormat>();

// Keyed by locale and options, which hold a tenant's time zone and currency: they grow with the
// distinct zones and currencies served, not with the tenants.
registerTenantCache(
  'Intl formatters',
  () =>
    dateTimeFormats.size + numberFormats.size + relativeTimeFormats.size + displayNamesCache.size + listFormats.size,
);

export function displayNames(locale: string, type: Intl.DisplayNamesType): Intl.DisplayNames {
  const key = `${locale}|${type}`;
  let names = displayNamesCache.get(key);
  if (!names) displayNamesCache.set(key, (names = new Intl.DisplayNames([locale], { type })));
  return names;
}

export function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return format;
}
