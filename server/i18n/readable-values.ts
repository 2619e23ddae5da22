/**
 * What a message's placeholders hold, made readable before i18next writes them into a sentence:
 * an instant (a Date, or an ISO string such as an error's `opening`) becomes the tenant's local
 * time in the reader's language, a calendar date (YYYY-MM-DD) that day in the reader's language, a
 * rule reference ("notice-period v1", or a list of them) the rule's name and version ("Notice
 * period (version 1)"), and in a right-to-left language each value with Latin letters or
 * digits (a notice number, an e-mail, a rule id) is isolated (U+2068 … U+2069, the plain-text
 * <bdi>) so the Kurdish or Arabic sentence around it keeps its order. Plain text, so the same works
 * on pages, in e-mails and in printed contracts.
 */
import { formatDate, formatDateTime } from './format.js';
import { directionOf, type Language } from './languages.js';

/** The tenant settings a date needs; absent outside a tenant (UTC, Latin digits). */
export interface ReadingPlace {
  config: { timeZone?: string; numberingSystem?: 'latn' | 'arab' };
}

/** i18next's own options, never placeholders. */
const OPTIONS = new Set([
  'count',
  'context',
  'ns',
  'lng',
  'lngs',
  'defaultValue',
  'defaultValue_other',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'keySeparator',
  'nsSeparator',
  'ordinal',
  'replace',
  'formatParams',
]);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const RULE_REFERENCES = /^[a-z][a-z0-9-]* v\d+(, [a-z][a-z0-9-]* v\d+)*$/;
/** A value used as part of a key (`$t(prespec:unit_{{unit}})`): never isolated, it would break the key. */
const IDENTIFIER = /^[a-z][a-z0-9_-]*$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;
/**
 * A link is never wrapped in isolates: a mail program that makes it clickable would take the
 * invisible U+2069 into the address (a notice link that 404s, an unsubscribe token that fails).
 * Messages put links where they read well alone: on their own line, or at the end.
 */
const LINK = /^https?:\/\/\S+$/;
/**
 * A value with Arabic-script or Hebrew letters is text in a right-to-left language already (a
 * sentence composed in the reader's language, a title): it keeps its own order without isolates,
 * and a link at its end stays clean.
 */
const RIGHT_TO_LEFT_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const FSI = '\u2068';
const PDI = '\u2069';

/** A rule's name and version in the reader's language, or undefined for an id the locales do not name. */
export type RuleName = (id: string, version: string) => string | undefined;

function readable(value: unknown, lng: Language, place: ReadingPlace | undefined, ruleName?: RuleName): unknown {
  let text = value;
  if (ruleName && typeof value === 'string' && RULE_REFERENCES.test(value)) {
    const names = value.split(', ').map((ref) => {
      const [id, version] = ref.split(' v') as [string, string];
      return ruleName(id, version) ?? ref;
    });
    return names.join(lng === 'ar' || lng === 'ckb' ? '، ' : ', ');
  }
  const timeZone = place?.config.timeZone ?? 'UTC';
  const numbering = place?.config.numberingSystem ?? 'latn';
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) text = formatDate(value, lng, timeZone, numbering);
  else if (value instanceof Date || (typeof value === 'string' && ISO_INSTANT.test(value))) {
    const at = value instanceof Date ? value : new Date(value);
    if (!Number.isNaN(at.getTime())) text = formatDateTime(at, lng, timeZone, numbering);
  }
  if (
    typeof text === 'string' &&
    directionOf(lng) === 'rtl' &&
    LATIN_OR_DIGIT.test(text) &&
    !IDENTIFIER.test(text) &&
    !LINK.test(text) &&
    !RIGHT_TO_LEFT_LETTER.test(text) &&
    !text.startsWith(FSI)
  )
    return `${FSI}${text}${PDI}`;
  return text;
}

/** The options of a t() call with every placeholder value readable (see the header). */
export function readableOptions<T extends Record<string, unknown>>(
  options: T,
  lng: Language,
  place: ReadingPlace | undefined,
  ruleName?: RuleName,
): T {
  let changed: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(options)) {
    if (OPTIONS.has(key)) continue;
    const next = readable(value, lng, place, ruleName);
    if (next !== value) (changed ??= { ...options })[key] = next;
  }
  return (changed ?? options) as T;
}
