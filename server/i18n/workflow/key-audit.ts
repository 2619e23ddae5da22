/**
 * Compares the keys the code uses with the English locale files: missing keys (used, absent from
 * English: a user would see the raw key) and unused ones (in English, never referenced, with the
 * dynamic key patterns taken into account).
 */
import { LOCALES_DIR } from '../i18n.js';
import { PLURAL_SUFFIX, readLanguage } from './catalog.js';
import { extractKeys, type KeyUsage } from './extract.js';
import path from 'node:path';

export interface KeyReport {
  missing: { key: string; files: string[] }[];
  unused: string[];
  /** Patterns (`notices:status_*`) that match no English key at all. */
  deadPatterns: { pattern: string; files: string[] }[];
  usage: KeyUsage;
}

/** English keys as `ns:key`, with their plural stems (`audit:results` for `audit:results_one`). */
function englishKeys(dir: string): { keys: Set<string>; stems: Set<string> } {
  const keys = new Set<string>();
  const stems = new Set<string>();
  for (const [ns, texts] of readLanguage(dir, 'en')) {
    for (const key of texts.keys()) {
      keys.add(`${ns}:${key}`);
      if (PLURAL_SUFFIX.test(key)) stems.add(`${ns}:${key.replace(PLURAL_SUFFIX, '')}`);
    }
  }
  return { keys, stems };
}

export async function auditKeys(root = path.resolve(LOCALES_DIR, '..'), dir = LOCALES_DIR): Promise<KeyReport> {
  const english = englishKeys(dir);
  const namespaces = new Set([...english.keys].map((k) => k.split(':')[0]!));
  const usage = await extractKeys(root, namespaces);
  const missing = [...usage.keys]
    .filter(([key]) => !english.keys.has(key) && !english.stems.has(key))
    .map(([key, files]) => ({ key, files: [...files].sort() }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const used = (key: string) => {
    const stem = key.replace(PLURAL_SUFFIX, '');
    return (
      usage.keys.has(key) || usage.keys.has(stem) || usage.patterns.some((p) => p.regex.test(key) || p.regex.test(stem))
    );
  };
  const unused = [...english.keys].filter((k) => !used(k)).sort();
  const deadPatterns = usage.patterns
    .filter((p) => ![...english.keys].some((k) => p.regex.test(k) || p.regex.test(k.replace(PLURAL_SUFFIX, ''))))
    .map((p) => ({ pattern: p.pattern, files: [...p.files].sort() }));
  return { missing, unused, deadPatterns, usage };
}
