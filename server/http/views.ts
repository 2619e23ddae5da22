/** Handlebars, with helpers that route every visible string through i18next. */
import { watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { create } from 'express-handlebars';
import Handlebars, { type HelperOptions } from 'handlebars';
import type { TFunction } from 'i18next';
import { formatDate, formatDateTime, formatMoney, formatNumber, relativeTime } from '../i18n/format.js';
import { isLanguage, type Language } from '../i18n/languages.js';

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');

function rootT(options: HelperOptions): TFunction {
  const t = (options.data as { root?: { t?: TFunction } } | undefined)?.root?.t;
  if (!t) throw new Error('template rendered without a translator');
  return t;
}

export const helpers = {
  /** `{{t "home:welcome" name=tenantName}}` */
  t(key: string, options: HelperOptions): string {
    return rootT(options)(key, options.hash as Record<string, unknown>);
  },
  eq: (a: unknown, b: unknown) => a === b,
  /**
   * `{{localized identity.contact.operator}}`: a text the tenant config gives per language, in the
   * reader's language, else the tenant's default language, else English, else the first given.
   */
  localized(value: unknown, options: HelperOptions): string {
    if (!value || typeof value !== 'object') return '';
    const texts = value as Record<string, string>;
    const root = (options.data as { root?: { lng?: string; identity?: { defaultLanguage?: string } } }).root;
    const wanted = [root?.lng, root?.identity?.defaultLanguage, 'en'];
    return wanted.map((l) => (l ? texts[l] : undefined)).find(Boolean) ?? Object.values(texts)[0] ?? '';
  },
  /**
   * `{{t "home:welcome" name=(isolate tenantName)}}`: user text put into a translated sentence,
   * isolated (FSI…PDI, the plain-text <bdi>) so a Latin name inside Kurdish reads right.
   */
  isolate: (text: unknown) => (typeof text === 'string' && text ? `\u2068${text}\u2069` : text),
  /** Plain text with its web links made clickable (everything else escaped). */
  linkify(text: unknown): Handlebars.SafeString {
    const parts = (typeof text === 'string' ? text : '').split(/(https?:\/\/[^\s<>"]+)/);
    const html = parts
      .map((part, i) => {
        const escaped = Handlebars.escapeExpression(part);
        return i % 2 === 1 ? `<a href="${escaped}" dir="ltr">${escaped}</a>` : escaped;
      })
      .join('');
    return new Handlebars.SafeString(html);
  },
  /**
   * `{{ruleName ref}}`: a rule reference as the audit trail keeps it ("notice-period v1") read as its
   * name and version ("Notice period (version 1)"), the reference itself in the tooltip.
   */
  ruleName(ref: unknown, options: HelperOptions): Handlebars.SafeString {
    const text = typeof ref === 'string' ? ref : '';
    const match = /^([a-z][a-z0-9-]*) v(\d+)(?:, (.+))?$/.exec(text);
    const t = rootT(options);
    const name = match ? t(`regulations:rule_${match[1]}`, { defaultValue: '' }) : '';
    const escaped = Handlebars.escapeExpression(text);
    if (!match || !name) return new Handlebars.SafeString(`<code dir="ltr">${escaped}</code>`);
    const cited = t('regulations:reference', { name, version: match[2] }) + (match[3] ? ` (${match[3]})` : '');
    return new Handlebars.SafeString(`<span title="${escaped}">${Handlebars.escapeExpression(cited)}</span>`);
  },
  /** A calendar date, YYYY-MM-DD (machine-readable attributes such as `<time datetime>`). */
  isoDate: (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : ''),
  /** `{{formatMoney amount}}`: minor units in the tenant's currency, the reader's language and digits. */
  formatMoney(amount: unknown, options: HelperOptions): string {
    const f = formatOf(options);
    return amount === null || amount === undefined || amount === ''
      ? ''
      : formatMoney(amount as number | string, f.currency, f.lng, f.numberingSystem);
  },
  /** `{{formatNumber value}}` in the reader's language and the tenant's digits. */
  formatNumber(value: unknown, options: HelperOptions): string {
    const f = formatOf(options);
    return typeof value === 'number' || typeof value === 'string'
      ? formatNumber(Number(value), f.lng, f.numberingSystem)
      : '';
  },
  /** `{{formatDateTime at}}`: date and time in the tenant's time zone. */
  formatDateTime(value: unknown, options: HelperOptions): string {
    const f = formatOf(options);
    const at = toDate(value);
    return at ? formatDateTime(at, f.lng, f.timeZone, f.numberingSystem) : '';
  },
  /** `{{formatDate day}}`: a calendar date, or an instant's day in the tenant's time zone, in the reader's language. */
  formatDate(value: unknown, options: HelperOptions): string {
    const f = formatOf(options);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      return formatDate(value, f.lng, f.timeZone, f.numberingSystem);
    const at = toDate(value);
    return at ? formatDate(at, f.lng, f.timeZone, f.numberingSystem) : '';
  },
  /** `{{relativeDeadline at}}`: how far away a deadline is, in words ("in 3 days", "2 hours ago"). */
  relativeDeadline(value: unknown, options: HelperOptions): string {
    const f = formatOf(options);
    const at = toDate(value);
    return at ? relativeTime(at, f.now, f.lng, f.numberingSystem) : '';
  },
};

function toDate(value: unknown): Date | undefined {
  const at = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** The reader's language and the tenant's formats, from the locals every page gets. */
function formatOf(options: HelperOptions): {
  lng: Language;
  currency: string;
  timeZone: string;
  numberingSystem: 'latn' | 'arab';
  now: Date;
} {
  const root = (options.data as { root?: { lng?: string; format?: Record<string, string> } } | undefined)?.root;
  const format = root?.format ?? {};
  return {
    lng: isLanguage(root?.lng) ? root.lng : 'en',
    currency: format.currency ?? 'USD',
    timeZone: format.timeZone ?? 'UTC',
    numberingSystem: format.numberingSystem === 'arab' ? 'arab' : 'latn',
    now: format.now ? new Date(format.now) : new Date(),
  };
}

/**
 * Templates are read and compiled once, in every mode: compiling on each request cost a page most
 * of its time. In development an edited template is compiled again, on change, not per request.
 */
export function useViews(app: Express): void {
  const handlebars = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(VIEWS_DIR, 'layouts'),
    partialsDir: path.join(VIEWS_DIR, 'partials'),
    helpers,
  });
  app.engine('hbs', handlebars.engine);
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
  app.enable('view cache');
  if (app.get('env') === 'development') {
    const watcher = watch(VIEWS_DIR, { recursive: true }, () => {
      handlebars.resetCache();
      handlebars.compiled = {};
      handlebars.precompiled = {};
      // Express keeps the views it has looked up, by name.
      (app as unknown as { cache: Record<string, unknown> }).cache = {};
    });
    watcher.unref();
  }
}
