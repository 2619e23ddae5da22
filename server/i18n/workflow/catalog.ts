/**
 * The shipped locale files as the translator workflow sees them: one flat `key -> text` map per
 * namespace and language, English first. A translation unit is one string a translator writes: an
 * English key, or one CLDR plural form of a plural English key in the target language's forms
 * (Arabic has six where English has two).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { namespaces } from '../i18n.js';
import type { Language } from '../languages.js';

export type Texts = Map<string, string>;
/** Namespace -> its texts. */
export type LanguageTexts = Map<string, Texts>;

const FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

export interface Unit {
  /** `ns:key`, the XLIFF unit id. */
  id: string;
  ns: string;
  key: string;
  /** The English text the translator works from. */
  source: string;
  /** The plural form when the unit is one form of a plural key. */
  form?: (typeof FORMS)[number];
  /** True for plural forms English itself does not have (`_zero`, `_two`, `_few`, `_many`). */
  extraForm: boolean;
}

export function readNamespace(dir: string, lng: string, ns: string): Texts {
  const file = path.join(dir, lng, `${ns}.json`);
  if (!existsSync(file)) return new Map();
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return new Map(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function readLanguage(dir: string, lng: string): LanguageTexts {
  return new Map(namespaces(dir).map((ns) => [ns, readNamespace(dir, lng, ns)]));
}

/** The `{{name}}` interpolation variables of a text, sorted and without repeats. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*-?\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();
}

/** The stem of a plural English key (`results_one` -> `results`), if the key is one. */
function pluralStem(key: string, english: Texts): string | undefined {
  const stem = key.replace(PLURAL_SUFFIX, '');
  return stem !== key && english.has(`${stem}_other`) ? stem : undefined;
}

function formsOf(lng: string): (typeof FORMS)[number][] {
  const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories as string[];
  return FORMS.filter((f) => categories.includes(f) || f === 'other');
}

/**
 * The units of one namespace for a language, in English order: each plain English key, and for a
 * plural key every form the language's CLDR rules use (plus any form its file already has).
 */
export function unitsOf(ns: string, english: Texts, lng: string, current: Texts = new Map()): Unit[] {
  const units: Unit[] = [];
  const seen = new Set<string>();
  for (const [key, text] of english) {
    const stem = pluralStem(key, english);
    if (!stem) {
      units.push({ id: `${ns}:${key}`, ns, key, source: text, extraForm: false });
      continue;
    }
    if (seen.has(stem)) continue;
    seen.add(stem);
    const forms = FORMS.filter((f) => formsOf(lng).includes(f) || current.has(`${stem}_${f}`));
    for (const form of forms) {
      const own = english.get(`${stem}_${form}`);
      units.push({
        id: `${ns}:${stem}_${form}`,
        ns,
        key: `${stem}_${form}`,
        source: own ?? english.get(`${stem}_other`)!,
        form,
        extraForm: own === undefined,
      });
    }
  }
  return units;
}

/** Every unit of a language across the namespaces, with the current translation of each. */
export function languageUnits(dir: string, lng: Language): { unit: Unit; target: string | undefined }[] {
  const english = readLanguage(dir, 'en');
  const out: { unit: Unit; target: string | undefined }[] = [];
  for (const [ns, texts] of english) {
    const current = readNamespace(dir, lng, ns);
    for (const unit of unitsOf(ns, texts, lng, current)) out.push({ unit, target: current.get(unit.key) });
  }
  return out;
}

/**
 * Writes a namespace file: the units' keys in English order, then any other key the file already
 * had (kept rather than lost; the locale test names such strays). Two-space JSON, final newline.
 */
export function writeNamespace(dir: string, lng: string, ns: string, units: Unit[], texts: Texts): void {
  const ordered: Record<string, string> = {};
  for (const unit of units) {
    const text = texts.get(unit.key);
    if (text !== undefined) ordered[unit.key] = text;
  }
  for (const [key, text] of texts) if (!(key in ordered)) ordered[key] = text;
  writeFileSync(path.join(dir, lng, `${ns}.json`), `${JSON.stringify(ordered, null, 2)}\n`);
}
