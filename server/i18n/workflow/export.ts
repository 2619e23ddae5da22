/**
 * `npm run i18n -- export <lng>`: every string of a language as XLIFF 2.0, English as the source,
 * the current translation as the target, and a context note per unit (namespace, placeholders to
 * keep, plural form, the files that use the key).
 */
import { languageUnits, placeholders, type Unit } from './catalog.js';
import type { KeyUsage } from './extract.js';
import { writeXliff, type XliffUnit } from './xliff.js';
import type { Language } from '../languages.js';

const MAX_LOCATIONS = 8;

/** The files that use a unit's key, directly or through a dynamic key pattern. */
export function locationsOf(unit: Unit, usage: KeyUsage): string[] {
  const stem = unit.form ? unit.id.slice(0, -(unit.form.length + 1)) : unit.id;
  const files = new Set<string>([...(usage.keys.get(unit.id) ?? []), ...(usage.keys.get(stem) ?? [])]);
  for (const p of usage.patterns) {
    if (p.regex.test(unit.id) || p.regex.test(stem)) for (const f of p.files) files.add(`${f} (as ${p.pattern})`);
  }
  return [...files].sort();
}

function notesOf(unit: Unit, lng: Language, usage: KeyUsage | undefined): XliffUnit['notes'] {
  const notes = [{ category: 'namespace', text: unit.ns }];
  const vars = placeholders(unit.source);
  if (vars.length > 0) {
    notes.push({
      category: 'placeholders',
      text: `Keep these placeholders exactly as written: ${vars.map((v) => `{{${v}}}`).join(' ')}`,
    });
  }
  if (unit.form) {
    notes.push({
      category: 'plural',
      text: unit.extraForm
        ? `Plural form "${unit.form}" of ${lng} (CLDR); English has no such form, the source is its "other" form`
        : `Plural form "${unit.form}" (CLDR)`,
    });
  }
  if (usage) {
    const files = locationsOf(unit, usage);
    const shown = files.slice(0, MAX_LOCATIONS).join(', ');
    notes.push({
      category: 'location',
      text:
        files.length === 0
          ? 'Not referenced in the code'
          : `Used in ${shown}${files.length > MAX_LOCATIONS ? ` and ${files.length - MAX_LOCATIONS} more` : ''}`,
    });
  }
  return notes;
}

/** The XLIFF document for one language; `usage` (from extractKeys) adds where each key is used. */
export function exportLanguage(dir: string, lng: Language, usage?: KeyUsage): { xml: string; units: number } {
  const byNs = new Map<string, XliffUnit[]>();
  for (const { unit, target } of languageUnits(dir, lng)) {
    const units = byNs.get(unit.ns) ?? [];
    units.push({ id: unit.id, source: unit.source, target, notes: notesOf(unit, lng, usage) });
    byNs.set(unit.ns, units);
  }
  const files = [...byNs].map(([ns, units]) => ({ id: ns, original: `locales/en/${ns}.json`, units }));
  return {
    xml: writeXliff({ srcLang: 'en', trgLang: lng, files }),
    units: files.reduce((n, f) => n + f.units.length, 0),
  };
}
