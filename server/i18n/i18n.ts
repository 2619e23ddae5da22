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

export type { TFunction };

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

export function namespaces(dir = LOCALES_DIR): string[] {
  return readdirSync(path.join(dir, 'en'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export async function createI18n(dir = LOCALES_DIR): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(FsBackend).init({
    preload: [...LANGUAGES],
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'en',
    ns: namespaces(dir),
    defaultNS: 'common',
    backend: { loadPath: path.join(dir, '{{lng}}/{{ns}}.json') },
    // Handlebars escapes what templates print; escaping here too would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export function translator(instance: i18n, lng: Language): TFunction {
  return instance.getFixedT(lng);
}
