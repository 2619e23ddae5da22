/**
 * `npm run i18n -- import <file>`: reads a translator's XLIFF back. Every unit is checked (a key
 * English has, a non-empty target, the same `{{placeholders}}` as English); one problem anywhere
 * and nothing is written. Otherwise the targets go into `locales/<lng>/<ns>.json`, keys in English
 * order.
 */
import { isLanguage, type Language } from '../languages.js';
import {
  languageUnits,
  placeholders,
  readNamespace,
  unitsOf,
  readLanguage,
  writeNamespace,
  type Unit,
} from './catalog.js';
import { readXliff, XliffError, type XliffDocument } from './xliff.js';

export interface UnitProblem {
  /** The unit id (`ns:key`), or `(file)` for the document as a whole. */
  unit: string;
  message: string;
}

export interface ImportResult {
  lng?: Language;
  problems: UnitProblem[];
  /** Not errors: e.g. the English source changed since the file was exported. */
  warnings: UnitProblem[];
  /** Units whose translation changed (or would have, when there are problems). */
  changed: number;
  /** Namespace files written. */
  written: string[];
}

function checkPlaceholders(unit: Unit, target: string): string[] {
  const source = placeholders(unit.source);
  const own = placeholders(target);
  const problems: string[] = [];
  // Plural forms English lacks ("two", "few", ...) may spell the number out instead of {{count}}.
  const missing = source.filter((v) => !own.includes(v) && !(unit.extraForm && v === 'count'));
  const extra = own.filter((v) => !source.includes(v));
  if (missing.length > 0) problems.push(`placeholder missing: ${missing.map((v) => `{{${v}}}`).join(', ')}`);
  if (extra.length > 0) problems.push(`placeholder not in English: ${extra.map((v) => `{{${v}}}`).join(', ')}`);
  return problems;
}

function documentOf(xml: string): XliffDocument | UnitProblem {
  try {
    return readXliff(xml);
  } catch (error) {
    if (error instanceof XliffError) return { unit: '(file)', message: error.message };
    throw error;
  }
}

/** Validates (and unless `dryRun`, applies) an XLIFF file against the locale files in `dir`. */
export function importXliff(dir: string, xml: string, options: { dryRun?: boolean } = {}): ImportResult {
  const result: ImportResult = { problems: [], warnings: [], changed: 0, written: [] };
  const doc = documentOf(xml);
  if (!('files' in doc)) return { ...result, problems: [doc] };
  if (doc.srcLang !== 'en') result.problems.push({ unit: '(file)', message: `srcLang must be en, not ${doc.srcLang}` });
  const lng = doc.trgLang;
  if (!isLanguage(lng) || lng === 'en') {
    result.problems.push({ unit: '(file)', message: `trgLang ${lng} is not a shipped translation` });
    return result;
  }
  result.lng = lng;

  const known = new Map(languageUnits(dir, lng).map((u) => [u.unit.id, u]));
  const updates = new Map<string, Map<string, string>>();
  const seen = new Set<string>();
  for (const unit of doc.files.flatMap((f) => f.units)) {
    const problem = (message: string) => result.problems.push({ unit: unit.id || '(unit without id)', message });
    if (seen.has(unit.id)) {
      problem('appears twice');
      continue;
    }
    seen.add(unit.id);
    const entry = known.get(unit.id);
    if (!entry) {
      problem('unknown key: English has no such string');
      continue;
    }
    const target = unit.target ?? '';
    if (target.trim() === '') {
      problem('empty target');
      continue;
    }
    for (const message of checkPlaceholders(entry.unit, target)) problem(message);
    if (unit.source !== entry.unit.source) {
      result.warnings.push({ unit: unit.id, message: 'the English text changed since this file was exported' });
    }
    if (target !== entry.target) {
      result.changed++;
      const ns = updates.get(entry.unit.ns) ?? new Map<string, string>();
      ns.set(entry.unit.key, target);
      updates.set(entry.unit.ns, ns);
    }
  }
  if (result.problems.length > 0 || options.dryRun) return result;

  const english = readLanguage(dir, 'en');
  for (const [ns, changes] of updates) {
    const texts = readNamespace(dir, lng, ns);
    for (const [key, text] of changes) texts.set(key, text);
    writeNamespace(dir, lng, ns, unitsOf(ns, english.get(ns)!, lng, texts), texts);
    result.written.push(`${lng}/${ns}.json`);
  }
  return result;
}
