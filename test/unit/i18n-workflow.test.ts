import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { helpers } from '../../server/http/views.js';
import { createI18n, LOCALES_DIR } from '../../server/i18n/i18n.js';
import { LANGUAGES } from '../../server/i18n/languages.js';
import { exportLanguage } from '../../server/i18n/workflow/export.js';
import { extractKeys } from '../../server/i18n/workflow/extract.js';
import { importXliff } from '../../server/i18n/workflow/import.js';
import { auditKeys } from '../../server/i18n/workflow/key-audit.js';
import { coverage, statusLines, totals } from '../../server/i18n/workflow/status.js';
import { readXliff } from '../../server/i18n/workflow/xliff.js';

/** A scratch copy of the shipped locale files. */
function localesCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-locales-'));
  cpSync(LOCALES_DIR, dir, { recursive: true });
  return dir;
}

/** Every file of a locales directory with its bytes, to prove nothing was written. */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  );
}

/** What a translator does in a CAT tool: replaces the target of one unit. */
function editTarget(xml: string, id: string, target: string): string {
  const escaped = target.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const unit = new RegExp(`(<unit id="${id}">[\\s\\S]*?<target>)[\\s\\S]*?(</target>)`);
  assert.match(xml, unit, `unit ${id} with a target`);
  return xml.replace(unit, `$1${escaped}$2`);
}

describe('translator workflow', () => {
  let dir: string;
  beforeEach(() => (dir = localesCopy()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows 100 % coverage for all eight languages on the shipped files', () => {
    const sums = totals(coverage(LOCALES_DIR));
    assert.deepEqual(
      sums.map((s) => s.lng),
      [...LANGUAGES],
    );
    for (const s of sums) assert.equal(s.translated, s.total, `${s.lng}: ${s.translated}/${s.total}`);
    const lines = statusLines(coverage(LOCALES_DIR), { summary: true });
    assert.equal(lines.filter((l) => / total .* 100\.0 %$/.test(l)).length, 8);
  });

  it('counts an emptied translation against its language and namespace', () => {
    const file = path.join(dir, 'km', 'notices.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    json.title = '';
    writeFileSync(file, JSON.stringify(json, null, 2));
    const row = coverage(dir, ['km']).find((r) => r.ns === 'notices')!;
    assert.equal(row.translated, row.total - 1);
    assert.match(
      statusLines(coverage(dir, ['km'])).find((l) => l.startsWith('km   notices'))!,
      /9\d\.\d %$/,
    );
  });

  it('finds no key used in server/ or views/ that English lacks (and lists the unused ones)', async () => {
    const report = await auditKeys();
    assert.deepEqual(report.missing, []);
    assert.deepEqual(report.deadPatterns, []);
    assert.ok(report.usage.keys.size > 500, 'the extractor sees the codebase');
    if (report.unused.length > 0) process.stdout.write(`      unused keys: ${report.unused.join(', ')}\n`);
  });

  it('extracts keys from templates and code, dynamic keys as patterns, policy actions left out', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'koneps-src-'));
    mkdirSync(path.join(root, 'server'));
    mkdirSync(path.join(root, 'views'));
    writeFileSync(
      path.join(root, 'views', 'page.hbs'),
      '<h1>{{t "notices:title"}}</h1>{{#if (t "notices:absent")}}{{/if}}<p>{{t "welcome_back" name=n}}</p>',
    );
    writeFileSync(
      path.join(root, 'server', 'code.ts'),
      [
        "req.t('notices:deadline', { x });",
        "throw new AppError('x', 400, 'errors:not_a_key');",
        "details.push({ field: 'f', key: 'validation:required' });",
        'const label = req.t(`notices:status_${row.status}`);',
        "router.get('/x', requirePolicy('notices:manage'), can(user, 'audit:read'));",
        "const nav = { key: 'common:nav_audit', action: 'audit:read' };",
        'out(`audit: ${slug}\\n`); // a message, not a key',
        "const prefix = 'opening:flag_' + flag;",
      ].join('\n'),
    );
    writeFileSync(
      path.join(root, 'server', 'mail.ts'),
      "const t = tenantTranslator(i18n, tenant, lng, 'mail');\nt('outbox_title'); t(`${template}_subject`);",
    );
    try {
      const usage = await extractKeys(root, ['notices', 'errors', 'validation', 'common', 'audit', 'mail', 'opening']);
      assert.deepEqual([...usage.keys.keys()].sort(), [
        'common:nav_audit',
        'common:welcome_back',
        'errors:not_a_key',
        'mail:outbox_title',
        'notices:absent',
        'notices:deadline',
        'notices:title',
        'validation:required',
      ]);
      assert.deepEqual(usage.patterns.map((p) => p.pattern).sort(), [
        'mail:*_subject',
        'notices:status_*',
        'opening:flag_*',
      ]);
      assert.deepEqual([...usage.keys.get('notices:title')!], ['views/page.hbs']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exports XLIFF 2.0: English source, current target and a context note per unit, plural forms apart', async () => {
    const usage = await extractKeys(
      path.resolve(LOCALES_DIR, '..'),
      readdirSync(path.join(LOCALES_DIR, 'en'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5)),
    );
    const { xml } = exportLanguage(dir, 'ar', usage);
    assert.match(
      xml,
      /<xliff xmlns="urn:oasis:names:tc:xliff:document:2\.0" version="2\.0" srcLang="en" trgLang="ar">/,
    );
    const units = new Map(
      readXliff(xml)
        .files.flatMap((f) => f.units)
        .map((u) => [u.id, u]),
    );
    const title = units.get('notices:title')!;
    assert.equal(title.source, 'Bid notices');
    assert.equal(title.target, 'إعلانات المناقصات');
    assert.deepEqual(
      title.notes.map((n) => n.category),
      ['namespace', 'location'],
    );
    assert.match(title.notes[1]!.text, /server\/procurement\/notices\/routes\.ts/);
    // Arabic's six plural forms of a two-form English key, each its own unit.
    for (const form of ['zero', 'one', 'two', 'few', 'many', 'other'])
      assert.ok(units.has(`audit:results_${form}`), form);
    const few = units.get('audit:results_few')!;
    assert.equal(few.source, '{{count}} entries');
    assert.ok(few.notes.some((n) => n.category === 'placeholders' && n.text.includes('{{count}}')));
    assert.ok(few.notes.some((n) => n.category === 'plural' && n.text.includes('"few"')));
  });

  it('round-trips every language without changing a byte', () => {
    const before = snapshot(dir);
    for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
      const result = importXliff(dir, exportLanguage(dir, lng).xml);
      assert.deepEqual(result.problems, [], lng);
      assert.equal(result.changed, 0, lng);
    }
    assert.deepEqual(snapshot(dir), before);
  });

  it('imports an edited target into locales/<lng>/<ns>.json, and a page rendered with a fresh i18n shows it', async () => {
    const { xml } = exportLanguage(dir, 'vi');
    const edited = editTarget(xml, 'notices:title', 'Thông báo đấu thầu <mới> & "thử"');
    const result = importXliff(dir, edited);
    assert.deepEqual(result.problems, []);
    assert.equal(result.changed, 1);
    assert.deepEqual(result.written, ['vi/notices.json']);

    const text = readFileSync(path.join(dir, 'vi', 'notices.json'), 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "title": "Thông báo đấu thầu <mới> & \\"thử\\"",\n'));
    const english = Object.keys(JSON.parse(readFileSync(path.join(dir, 'en', 'notices.json'), 'utf8')) as object);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), english, 'keys in English order');

    const instance = await createI18n(dir);
    const page = Handlebars.compile('<h1>{{t "notices:title"}}</h1>', { strict: false });
    const html = page({ t: instance.getFixedT('vi') }, { helpers });
    assert.equal(html, '<h1>Thông báo đấu thầu &lt;mới&gt; &amp; &quot;thử&quot;</h1>');
  });

  it('refuses a placeholder mismatch and writes nothing', () => {
    const before = snapshot(dir);
    let xml = exportLanguage(dir, 'ko').xml;
    xml = editTarget(xml, 'notices:title', '새 입찰 공고'); // a valid change, not written either
    xml = editTarget(xml, 'mail:bid_receipt_subject', '공고 {{notice}} 입찰 접수: {{receipt_no}}');
    const result = importXliff(dir, xml);
    assert.deepEqual(result.problems, [
      { unit: 'mail:bid_receipt_subject', message: 'placeholder missing: {{receipt}}' },
      { unit: 'mail:bid_receipt_subject', message: 'placeholder not in English: {{receipt_no}}' },
    ]);
    assert.deepEqual(result.written, []);
    assert.deepEqual(snapshot(dir), before);
  });

  it('reports unknown keys, empty targets and repeated units, each by unit', () => {
    const before = snapshot(dir);
    let xml = exportLanguage(dir, 'pt').xml;
    xml = editTarget(xml, 'notices:title', '   ');
    xml = xml.replace('<unit id="notices:notice_title">', '<unit id="notices:no_such_key">');
    xml = xml.replace('<unit id="home:intro">', '<unit id="home:welcome">');
    const result = importXliff(dir, xml);
    assert.deepEqual(result.problems, [
      { unit: 'home:welcome', message: 'appears twice' },
      { unit: 'notices:title', message: 'empty target' },
      { unit: 'notices:no_such_key', message: 'unknown key: English has no such string' },
    ]);
    assert.deepEqual(snapshot(dir), before);
  });

  it('refuses a file that is not XLIFF 2.0 for a shipped translation', () => {
    const xml = exportLanguage(dir, 'km').xml;
    assert.match(importXliff(dir, '<xliff version="1.2"></xliff>').problems[0]!.message, /not XLIFF 2\.0/);
    assert.match(importXliff(dir, xml.replace('trgLang="km"', 'trgLang="fr"')).problems[0]!.message, /fr is not/);
    assert.match(importXliff(dir, xml.replace('trgLang="km"', 'trgLang="en"')).problems[0]!.message, /en is not/);
    assert.match(importXliff(dir, xml.slice(0, 500)).problems[0]!.message, /not well-formed/);
  });
});
