/**
 * The values put into a refusal's sentence, as a reader reads them: an instant in the tenant's
 * time zone and the reader's language, a calendar date spelled out, a number in the tenant's
 * digits, and a rule reference ("notice-period v1, special measures",
 * kept as such in the audit trail) cited by its name and version ("Notice period (version 1)"),
 * each isolated so a Latin fragment keeps a right-to-left sentence in order.
 */
import type { TFunction } from 'i18next';
import { formatDateTime, formatList, intlLocale } from './format.js';
import { dateTimeFormat, numberFormat } from './intl-cache.js';
import type { Language } from './languages.js';

export interface MessageContext {
  t: TFunction;
  lng: Language;
  timeZone: string;
  numbering: 'latn' | 'arab';
}

/** A rule reference: its id, its version and an optional label, as lookup.ts#ruleReference writes it. */
const REFERENCE = /([a-z][a-z0-9]*(?:-[a-z0-9]+)*) v(\d+)/g;
const isolate = (text: string) => `\u2068${text}\u2069`;

/** "notice-period v2, special measures, deadline-on-non-working-day v1" → the cited rules, in the reader's list form. */
export function citeRules(references: string, ctx: MessageContext): string {
  const cited = [...references.matchAll(REFERENCE)].map(([whole, id, version]) => {
    const name = ctx.t(`regulations:rule_${id}`, { defaultValue: '' });
    if (!name) return whole;
    return ctx.t('regulations:cite', { name, version: plainNumber(Number(version), ctx) });
  });
  return cited.length > 0 ? isolate(formatList(cited, ctx.lng)) : references;
}

/** A count or a percentage in the tenant's digits, ungrouped (a year stays 2026). */
const plainNumber = (n: number, ctx: MessageContext) =>
  numberFormat(intlLocale(ctx.lng, ctx.numbering), { useGrouping: false, maximumFractionDigits: 3 }).format(n);

function formatDay(day: string, lng: Language, numbering: 'latn' | 'arab'): string {
  return dateTimeFormat(intlLocale(lng, numbering), { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** The parameters of a message, each made readable (see the module header); others are left as they are. */
export function messageParams(
  params: Record<string, unknown> | undefined,
  ctx: MessageContext,
): Record<string, unknown> | undefined {
  if (!params) return params;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value instanceof Date) out[name] = isolate(formatDateTime(value, ctx.lng, ctx.timeZone, ctx.numbering));
    else if (name === 'rule' && typeof value === 'string') out[name] = citeRules(value, ctx);
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      out[name] = isolate(formatDay(value, ctx.lng, ctx.numbering));
    // `count` chooses the plural form: i18next needs it as a number.
    else if (typeof value === 'number' && name !== 'count') out[name] = plainNumber(value, ctx);
    else out[name] = value;
  }
  return out;
}

/** A translator whose parameters are made readable first (see messageParams). */
export function messageTranslator(ctx: MessageContext): (key: string, params?: Record<string, unknown>) => string {
  return (key, params) => ctx.t(key, messageParams(params, ctx));
}
