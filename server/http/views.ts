/** Handlebars, with helpers that route every visible string through i18next. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { engine } from 'express-handlebars';
import Handlebars, { type HelperOptions } from 'handlebars';
import type { TFunction } from 'i18next';

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
  /** A calendar date, YYYY-MM-DD (locale-aware formatting comes with the localization work). */
  isoDate: (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : ''),
};

export function useViews(app: Express): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(VIEWS_DIR, 'layouts'),
      partialsDir: path.join(VIEWS_DIR, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
}
