import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const VIEWS = path.resolve('views');
const templates = readdirSync(VIEWS, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.hbs'));

/** Visible text left once Handlebars expressions, comments, tags and entities are removed. */
function strayText(source: string): string[] {
  const text = source
    .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, ' ')
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
}

function literalAttributes(source: string): string[] {
  const withoutExpressions = source.replace(/\{\{\{?[\s\S]*?\}?\}\}/g, '');
  return [...withoutExpressions.matchAll(/\b(alt|title|placeholder|aria-label|value)="([^"]*)"/g)]
    .filter(([, , value]) => /\p{L}/u.test(value!))
    .map(([all]) => all);
}

describe('templates', () => {
  it('finds the templates', () => assert.ok(templates.length >= 4));
  for (const file of templates) {
    it(`${file} shows no text outside the translation helper`, () => {
      const source = readFileSync(path.join(VIEWS, file), 'utf8');
      assert.deepEqual(strayText(source), []);
      assert.deepEqual(literalAttributes(source), []);
    });
  }
});
