/**
 * Per-tenant terminology: a partner government may replace any string with its own legal term in
 * its config (`terminology: { <lng>: { "ns:key": "text" } }` in tenants/<slug>.yaml). Overrides
 * are layered over the shipped locale: a tenant's translator returns the override when there is
 * one, interpolated by i18next's own interpolator, and the normal translation otherwise. Every
 * translator made for a tenant (pages, API, e-mail, printed contracts, job messages) comes from
 * here. Overrides are checked at boot against English: the key must exist and keep its
 * placeholders. Placeholder values are made readable first (i18n/readable-values.ts): instants in
 * the tenant's time, Latin fragments isolated in right-to-left sentences.
 */
import type { i18n, TFunction } from 'i18next';
import { LOCALES_DIR } from './i18n.js';
import type { Language } from './languages.js';
import { LruMap, registerTenantCache } from '../tenancy/tenant-caches.js';
import { readableOptions, type ReadingPlace } from './readable-values.js';
import { PLURAL_SUFFIX, placeholders, readLanguage, type LanguageTexts } from './workflow/catalog.js';

/** `lng -> "ns:key" -> text`, as in the tenant's config. */
export type Terminology = Partial<Record<Language, Record<string, string>>>;

interface TerminologyOwner {
  config: { terminology?: Terminology } & ReadingPlace['config'];
}

type Options = Record<string, unknown> & { ns?: unknown; count?: unknown };

function optionsOf(args: unknown[]): Options {
  const [first, second] = args;
  if (first && typeof first === 'object') return first as Options;
  if (second && typeof second === 'object') return second as Options;
  return {};
}

/**
 * i18next's translate copies its options on every call, tens of microseconds each, and a page
 * makes a hundred calls or more. A plain key (no options) always gives the same text from the
 * shipped locale, so that text is kept: per instance, language and default namespace, never per
 * tenant (a tenant's own terms are looked up before it, below). Resources added later (the
 * pseudo-locale) clear it.
 */
const shipped = new WeakMap<i18n, Map<string, TFunction>>();

function shippedTranslator(instance: i18n, lng: Language, ns?: string): TFunction {
  let byLanguage = shipped.get(instance);
  if (!byLanguage) {
    const fresh = new Map<string, TFunction>();
    byLanguage = fresh;
    shipped.set(instance, fresh);
    instance.store.on('added', () => fresh.clear());
    instance.store.on('removed', () => fresh.clear());
  }
  const id = `${lng}|${ns ?? ''}`;
  const known = byLanguage.get(id);
  if (known) return known;
  const fixed = ns ? instance.getFixedT(lng, ns) : instance.getFixedT(lng);
  const texts = new Map<string, string>();
  const filled = new LruMap<string, string>(FILLED_TEXTS);
  filledCaches.add(new WeakRef(filled));
  const translate = (key: unknown, ...rest: unknown[]): unknown => {
    const [options] = rest;
    const plain = typeof key === 'string' && (rest.length === 0 || (rest.length === 1 && isEmptyObject(options)));
    if (!plain) {
      // Options given as an object go straight to translate: the fixed translator's own copy of
      // every i18next option on each call was most of its cost.
      if (rest.length === 1 && options && typeof options === 'object' && !Array.isArray(options)) {
        const given = options as { lng?: unknown; ns?: unknown };
        // The same key with the same plain values gives the same text: kept, up to a bound.
        const id = typeof key === 'string' ? memoId(key, given) : undefined;
        const kept = id === undefined ? undefined : filled.get(id);
        if (kept !== undefined) return kept;
        const text = instance.t(key as string, { ...given, lng: given.lng ?? lng, ns: given.ns ?? ns } as never);
        if (id !== undefined && typeof text === 'string') filled.set(id, text);
        return text;
      }
      return (fixed as unknown as (...args: unknown[]) => unknown)(key, ...rest);
    }
    let text = texts.get(key);
    if (text === undefined) {
      text = (fixed as unknown as (k: string) => string)(key);
      texts.set(key, text);
    }
    return text;
  };
  const defaultNs = typeof instance.options.defaultNS === 'string' ? instance.options.defaultNS : 'common';
  const made = Object.assign(translate, { lng, ns: ns ?? defaultNs }) as unknown as TFunction;
  byLanguage.set(id, made);
  return made;
}

/** Texts with values filled in kept per language and namespace: a page's worth many times over. */
const FILLED_TEXTS = 2000;
// Weakly: a translator is dropped with its i18next instance, or when resources are added.
const filledCaches = new Set<WeakRef<LruMap<string, string>>>();
// Not keyed by tenant, but its values may name one (a tenant's name in a sentence): counted with them.
registerTenantCache('texts with values', () => {
  let entries = 0;
  for (const ref of filledCaches) {
    const cache = ref.deref();
    if (cache) entries += cache.size;
    else filledCaches.delete(ref);
  }
  return entries;
});

/**
 * The key and its options as one string when every option is a plain value (a text, number or
 * flag), as templates and page models pass them; undefined otherwise (objects, arrays, functions
 * may not say everything by their JSON), and such a call is not kept.
 */
function memoId(key: string, options: object): string | undefined {
  for (const value of Object.values(options)) {
    const type = typeof value;
    if (value !== null && value !== undefined && type !== 'string' && type !== 'number' && type !== 'boolean') {
      return undefined;
    }
  }
  return `${key}\u0000${JSON.stringify(options)}`;
}

function isEmptyObject(value: unknown): boolean {
  if (value === undefined) return true;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}

/**
 * A translator in `lng` for `tenant`: its terminology overrides first, then the shipped locale.
 * `ns` is the default namespace of bare keys, as in `getFixedT(lng, ns)`.
 */
export function tenantTranslator(
  instance: i18n,
  tenant: TerminologyOwner | undefined,
  lng: Language,
  ns?: string,
): TFunction {
  const base = shippedTranslator(instance, lng, ns);
  const overrides = tenant?.config.terminology?.[lng] ?? {};
  const overridden = Object.keys(overrides).length > 0;
  // Rule references in placeholders read as "Notice period (version 1)" (i18n/readable-values.ts).
  const ruleName = (id: string, version: string): string | undefined =>
    instance.exists(`regulations:rule_${id}`, { lng })
      ? instance.t('regulations:reference', { lng, name: instance.t(`regulations:rule_${id}`, { lng }), version })
      : undefined;
  const defaultNs = ns ?? (typeof instance.options.defaultNS === 'string' ? instance.options.defaultNS : 'common');

  const override = (key: string, options: Options): string | undefined => {
    const optionNs: unknown = Array.isArray(options.ns) ? (options.ns as unknown[])[0] : options.ns;
    const full = key.includes(':') ? key : `${typeof optionNs === 'string' ? optionNs : defaultNs}:${key}`;
    if (typeof options.count === 'number') {
      const suffix = (
        instance.services.pluralResolver as { getSuffix(l: string, c: number, o: object): string }
      ).getSuffix(lng, options.count, options);
      const plural = overrides[`${full}${suffix}`];
      if (plural !== undefined) return plural;
    }
    return overrides[full];
  };

  const translate = (keys: unknown, ...given: unknown[]): unknown => {
    // A bare key the tenant does not override is the shipped text, already kept (shippedTranslator).
    if (!overridden && given.length === 0) return (base as unknown as (k: unknown) => unknown)(keys);
    const rest = given.map((arg) =>
      arg && typeof arg === 'object' && !Array.isArray(arg)
        ? readableOptions(arg as Record<string, unknown>, lng, tenant, ruleName)
        : arg,
    );
    const options = optionsOf(rest);
    for (const key of overridden ? (Array.isArray(keys) ? (keys as unknown[]) : [keys]) : []) {
      if (typeof key !== 'string') continue;
      const text = override(key, options);
      if (text !== undefined) return instance.services.interpolator.interpolate(text, options, lng, {});
      // A list of keys falls through to the first one the locale has, as i18next does.
      if (Array.isArray(keys) && instance.exists(key, { lng, ns: defaultNs })) break;
    }
    return (base as unknown as (...args: unknown[]) => unknown)(keys, ...rest);
  };
  return Object.assign(translate, { lng, ns: defaultNs }) as unknown as TFunction;
}

let english: LanguageTexts | undefined;

/** Problems with one override, each to be reported under `terminology.<lng>.<key>`. */
export function overrideProblems(key: string, text: string, englishTexts?: LanguageTexts): string[] {
  const catalogue = englishTexts ?? (english ??= readLanguage(LOCALES_DIR, 'en'));
  const match = /^([a-z][a-z0-9-]*):([A-Za-z0-9_.-]+)$/.exec(key);
  const texts = match ? catalogue.get(match[1]!) : undefined;
  if (!match || !texts) return ['must be a key written ns:key, with a namespace of locales/en'];
  const name = match[2]!;
  const stem = name.replace(PLURAL_SUFFIX, '');
  // A plural form English does not have (Arabic "few") is checked against English "other".
  const source = texts.get(name) ?? (stem !== name ? texts.get(`${stem}_other`) : undefined);
  if (source === undefined) return [`is not a key of locales/en/${match[1]}.json`];
  const wanted = placeholders(source);
  const own = placeholders(text);
  const optional = !texts.has(name) ? ['count'] : [];
  const missing = wanted.filter((v) => !own.includes(v) && !optional.includes(v));
  const extra = own.filter((v) => !wanted.includes(v));
  const problems: string[] = [];
  if (missing.length > 0 || extra.length > 0) {
    const list = (vs: string[]) => vs.map((v) => `{{${v}}}`).join(' ');
    problems.push(
      `must keep the placeholders of the English text (${list(wanted) || 'none'})` +
        (missing.length > 0 ? `: ${list(missing)} missing` : '') +
        (extra.length > 0 ? `: ${list(extra)} unknown` : ''),
    );
  }
  return problems;
}
