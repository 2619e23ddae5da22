/**
 * One home for every rule's decision: features ask server/regulations questions ("what deposit
 * applies at t?") and get back the value with the rule versions applied; only regulations looks
 * rules up. A feature calling ruleAt/requireRule itself would decide a rule a second time.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const server = path.join(root, 'server');
const regulations = path.join(server, 'regulations');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === regulations ? [] : tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** "server/x.ts:12: ruleAt(" for every rule lookup, or import of one, in a file outside regulations. */
function ruleLookupsOutsideRegulations(files: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    for (const m of text.matchAll(/\b(ruleAt|requireRule)\s*\(/g))
      found.push(`${file}:${lineOf(text, m.index)}: calls ${m[1]}(`);
    for (const m of text.matchAll(
      /import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"][^'"]*regulations\/lookup(?:\.js)?['"]/g,
    )) {
      const names = m[1]!.split(',').map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0],
      );
      for (const name of names.filter((n) => n === 'ruleAt' || n === 'requireRule'))
        found.push(`${file}:${lineOf(text, m.index)}: imports ${name} from regulations/lookup`);
    }
  }
  return found;
}

describe('rule boundary', () => {
  it('no file under server/ outside server/regulations/ looks a rule up itself', () => {
    const files = tsFiles(server).map((full) => ({
      file: path.relative(root, full),
      text: readFileSync(full, 'utf8'),
    }));
    assert.ok(files.length > 50, 'the scan found the server sources');
    assert.deepEqual(ruleLookupsOutsideRegulations(files), []);
  });

  it('names file and line of a call or an import, multi-line imports and aliases included', () => {
    const found = ruleLookupsOutsideRegulations([
      {
        file: 'server/procurement/x.ts',
        text: [
          'import {',
          '  localDate,',
          '  requireRule as must,',
          "} from '../../regulations/lookup.js';",
          "const r = ruleAt(config, 'standstill', at);",
          "const ok = localDate(at, 'Asia/Seoul');",
        ].join('\n'),
      },
    ]);
    assert.deepEqual(found, [
      'server/procurement/x.ts:5: calls ruleAt(',
      'server/procurement/x.ts:1: imports requireRule from regulations/lookup',
    ]);
  });
});
