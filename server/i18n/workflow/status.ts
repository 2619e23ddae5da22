/**
 * `npm run i18n -- status`: translation coverage per language and namespace. A unit counts as
 * translated when its target is not empty; 100 % means every English string (every plural form the
 * language needs) has a translation.
 */
import { LANGUAGES, type Language } from '../languages.js';
import { languageUnits } from './catalog.js';

export interface Coverage {
  lng: Language;
  ns: string;
  translated: number;
  total: number;
}

export function coverage(dir: string, languages: readonly Language[] = LANGUAGES): Coverage[] {
  const rows: Coverage[] = [];
  for (const lng of languages) {
    const byNs = new Map<string, Coverage>();
    for (const { unit, target } of languageUnits(dir, lng)) {
      const row = byNs.get(unit.ns) ?? { lng, ns: unit.ns, translated: 0, total: 0 };
      row.total++;
      const text = lng === 'en' ? unit.source : target;
      if (text !== undefined && text.trim() !== '') row.translated++;
      byNs.set(unit.ns, row);
    }
    rows.push(...byNs.values());
  }
  return rows;
}

/** Per language, the sum over its namespaces. */
export function totals(rows: Coverage[]): Coverage[] {
  const byLng = new Map<Language, Coverage>();
  for (const r of rows) {
    const t = byLng.get(r.lng) ?? { lng: r.lng, ns: 'total', translated: 0, total: 0 };
    t.translated += r.translated;
    t.total += r.total;
    byLng.set(r.lng, t);
  }
  return [...byLng.values()];
}

export function percent(row: Coverage): string {
  // Floor, so 99.96 % is never shown as 100 %.
  const value = row.total === 0 ? 100 : Math.floor((row.translated / row.total) * 1000) / 10;
  return `${value.toFixed(1)} %`;
}

/** The report as lines: one per language and namespace (unless `summary`), then a total per language. */
export function statusLines(rows: Coverage[], options: { summary?: boolean } = {}): string[] {
  const line = (r: Coverage) =>
    `${r.lng.padEnd(4)} ${r.ns.padEnd(12)} ${`${r.translated}/${r.total}`.padStart(11)} ${percent(r).padStart(8)}`;
  const lines = [`${'lng'.padEnd(4)} ${'namespace'.padEnd(12)} ${'translated'.padStart(11)} ${'coverage'.padStart(8)}`];
  const sums = totals(rows);
  for (const total of sums) {
    if (!options.summary) lines.push(...rows.filter((r) => r.lng === total.lng).map(line));
    lines.push(line(total));
    if (!options.summary) lines.push('');
  }
  return lines;
}
