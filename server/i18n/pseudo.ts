/**
 * The pseudo-locale `en-XA`, for development only: every English string accented, about 35 %
 * longer and bracketed ("[Ɓîð ñöţîçéš ~~~~]"), so hard-coded text (left plain) and layouts that
 * break on longer languages show at a glance. Generated at start-up from the English resources,
 * never shipped as files; it exists only in an i18next instance created with `pseudo: true`
 * (server/main.ts does so when NODE_ENV=development), and is chosen with `?lng=en-XA`.
 * Dates, numbers and user data stay English: a request in en-XA is an English request whose
 * interface strings are pseudo-localized.
 */
import type { i18n } from 'i18next';

export const PSEUDO_LANGUAGE = 'en-XA';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!,
  ]),
);

/** Parts left exactly as they are: interpolations, nestings, HTML tags and entities. */
const KEEP = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<[^>]*>|&[a-z#0-9]+;)/gi;

/** One English string in the pseudo-locale. */
export function pseudoLocalize(text: string): string {
  if (text.trim() === '') return text;
  let letters = 0;
  const accented = text
    .split(KEEP)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return [...part]
        .map((c) => {
          if (/\p{L}/u.test(c)) letters++;
          return ACCENTED[c] ?? c;
        })
        .join('');
    })
    .join('');
  // Padding in short runs, so it wraps as the words of a longer language would.
  const length = Math.max(1, Math.round(letters * 0.35));
  const padding = [...Array<undefined>(length)].map((_, i) => (i % 6 === 5 ? ' ' : '~')).join('');
  return `[${accented} ${padding.trimEnd()}]`;
}

function mapStrings(value: unknown): unknown {
  if (typeof value === 'string') return pseudoLocalize(value);
  if (Array.isArray(value)) return value.map(mapStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v)]));
  }
  return value;
}

/** Adds the pseudo-locale's resources, one bundle per namespace, made from the English ones. */
export function addPseudoLocale(instance: i18n, namespaces: readonly string[]): void {
  for (const ns of namespaces) {
    const english = instance.getResourceBundle('en', ns) as Record<string, unknown> | undefined;
    if (english) instance.addResourceBundle(PSEUDO_LANGUAGE, ns, mapStrings(english), true, true);
  }
}

/** Whether this instance was created with the pseudo-locale (development). */
export function pseudoEnabled(instance: i18n): boolean {
  return instance.hasResourceBundle(PSEUDO_LANGUAGE, 'common');
}
