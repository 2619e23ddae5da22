/**
 * i18next on the server: one shared instance with every shipped language preloaded from
 * `locales/<lng>/<namespace>.json`; requests and jobs use fixed translators cut from it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TFunction } from 'i18next';
import FsBackend from 'i18next-fs-backend';
import { LANGUAGES, type Language } from './languages.js';
import { addPseudoLocale, PSEUDO_LANGUAGE } from './pseudo.js';

export type { TFunction };

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

export function namespaces(dir = LOCALES_DIR): string[] {
  return readdirSync(path.join(dir, 'en'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** `pseudo`: add the development pseudo-locale en-XA (i18n/pseudo.ts), made from English. */
export async function createI18n(dir = LOCALES_DIR, options: { pseudo?: boolean } = {}): Promise<i18n> {
  const instance = i18next.createInstance();
  const ns = namespaces(dir);
  await instance.use(FsBackend).init({
    preload: [...LANGUAGES],
    supportedLngs: options.pseudo ? [...LANGUAGES, PSEUDO_LANGUAGE] : [...LANGUAGES],
    fallbackLng: 'en',
    ns,
    defaultNS: 'common',
    backend: { loadPath: path.join(dir, '{{lng}}/{{ns}}.json') },
    // Handlebars escapes what templates print; escaping here too would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (options.pseudo) addPseudoLocale(instance, ns);
  return instance;
}

export function translator(instance: i18n, lng: Language): TFunction {
  return instance.getFixedT(lng);
}
