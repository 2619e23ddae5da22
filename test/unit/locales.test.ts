import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../../server/i18n/languages.js';

const DIR = path.resolve('locales');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
function load(lng: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const file of readdirSync(path.join(DIR, lng)).filter((f) => f.endsWith('.json'))) {
    const ns = file.replace(/\.json$/, '');
    for (const [k, v] of flatten(JSON.parse(readFileSync(path.join(DIR, lng, file), 'utf8')) as Tree))
      all.set(`${ns}:${k}`, v);
  }
  return all;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
/** Keys allowed to equal English, each with a reason (brand names, codes). */
const sameAsEnglish = existsSync(path.join(DIR, '_same-as-english.json'))
  ? (JSON.parse(readFileSync(path.join(DIR, '_same-as-english.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >)
  : {};

describe('locales', () => {
  const en = load('en');
  const enBase = new Set([...en.keys()].map((k) => k.replace(PLURAL, '')));

  it('has a folder for each of the eight shipped languages', () => {
    for (const lng of LANGUAGES) assert.ok(existsSync(path.join(DIR, lng)), `locales/${lng} is missing`);
  });

  for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
    describe(lng, () => {
      const other = load(lng);
      it('has every English key and no stray ones', () => {
        const base = new Set([...other.keys()].map((k) => k.replace(PLURAL, '')));
        assert.deepEqual(
          [...enBase].filter((k) => !base.has(k)),
          [],
          'missing keys',
        );
        assert.deepEqual(
          [...base].filter((k) => !enBase.has(k)),
          [],
          'keys English does not have',
        );
      });
      it('uses the same interpolation variables as English', () => {
        for (const [key, text] of en) {
          const translated = other.get(key) ?? other.get(key.replace(PLURAL, '_other'));
          if (translated === undefined) continue;
          assert.deepEqual(placeholders(translated), placeholders(text), `${lng} ${key}`);
        }
      });
      it('has every plural form its CLDR rules require', () => {
        const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
        for (const key of [...en.keys()].filter((k) => k.endsWith('_other'))) {
          const stem = key.replace(PLURAL, '');
          for (const c of categories) assert.ok(other.has(`${stem}_${c}`), `${lng} ${stem}_${c}`);
        }
      });
      it('translates every string (English left only where listed with a reason)', () => {
        const allowed = sameAsEnglish[lng] ?? {};
        const untranslated = [...en].filter(([k, v]) => other.get(k) === v && !allowed[k]).map(([k]) => k);
        assert.deepEqual(untranslated, []);
      });
    });
  }
});
