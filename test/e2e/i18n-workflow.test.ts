import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../server/app.js';
import { bootPlatform, type Platform } from '../../server/bootstrap.js';
import { createI18n, LOCALES_DIR } from '../../server/i18n/i18n.js';
import { openQueues, type QueueSystem } from '../../server/jobs/queues.js';
import { createServices, type Services } from '../../server/services.js';
import { testEnv, uniqueSlug } from '../support/platform.js';

const TSX = path.resolve('node_modules/.bin/tsx');

/** `npm run i18n -- <args>` on the scratch locales, as a translator's shell would run it. */
function i18nCli(locales: string, ...args: string[]) {
  const run = spawnSync(TSX, ['server/cli/i18n.ts', '--locales', locales, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function setTarget(xml: string, id: string, target: string): string {
  const unit = new RegExp(`(<unit id="${id}">[\\s\\S]*?<target>)[\\s\\S]*?(</target>)`);
  assert.match(xml, unit);
  return xml.replace(unit, `$1${target}$2`);
}

describe('translator round trip: export, edit, import, and the page changes', () => {
  let locales: string;
  let work: string;
  let platform: Platform;
  let queues: QueueSystem;
  let services: Services | undefined;
  let slug: string;
  /** The app reads the locale files once, at start, as in production: a fresh one after an import. */
  const appOn = async (): Promise<Express> => {
    await services?.close();
    services = createServices(platform, queues, await createI18n(locales));
    return buildApp({ services, trustProxy: platform.config.trustProxy, readiness: [] });
  };

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'koneps-xliff-'));
    locales = path.join(work, 'locales');
    cpSync(LOCALES_DIR, locales, { recursive: true });
    platform = await bootPlatform({ env: testEnv() });
    queues = openQueues({
      redisUrl: platform.config.redisUrl,
      databaseUrl: platform.databaseUrl,
      prefix: platform.config.queuePrefix,
      lockMs: platform.config.jobLockMs,
    });
    slug = (await platform.provisioning.create(uniqueSlug(), { from: 'vietnam', demo: false })).slug;
  });
  after(async () => {
    await services?.close();
    await queues.close();
    await platform.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the translation a translator edited in the exported XLIFF file', async () => {
    const before = await request(await appOn())
      .get(`/t/${slug}/notices`)
      .expect(200);
    assert.match(before.text, /<h1 id="notices-heading">Thông báo mời thầu<\/h1>/);

    const file = path.join(work, 'vi.xlf');
    const exported = i18nCli(locales, 'export', 'vi', '--out', file);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /units of vi written to/);
    const xml = readFileSync(file, 'utf8');
    assert.match(xml, /<unit id="notices:title">/);
    writeFileSync(file, setTarget(xml, 'notices:title', 'Thông báo đấu thầu công khai'));

    const imported = i18nCli(locales, 'import', file);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /1 translation\(s\) of vi updated in 1 file\(s\)/);
    const json = JSON.parse(readFileSync(path.join(locales, 'vi', 'notices.json'), 'utf8')) as Record<string, string>;
    assert.equal(json.title, 'Thông báo đấu thầu công khai');

    const after = await request(await appOn())
      .get(`/t/${slug}/notices`)
      .expect(200);
    assert.match(after.text, /<h1 id="notices-heading">Thông báo đấu thầu công khai<\/h1>/);
  });

  it('refuses, with exit code 1, a file whose target loses a placeholder, and writes nothing', () => {
    const file = path.join(work, 'vi-broken.xlf');
    const exported = i18nCli(locales, 'export', 'vi', '--out', file);
    assert.equal(exported.code, 0, exported.stderr);
    const target = path.join(locales, 'vi', 'mail.json');
    const before = readFileSync(target, 'utf8');
    writeFileSync(file, setTarget(readFileSync(file, 'utf8'), 'mail:tender_opened_subject', 'Đã mở thầu'));
    const imported = i18nCli(locales, 'import', file);
    assert.equal(imported.code, 1);
    assert.match(imported.stderr, /mail:tender_opened_subject: placeholder missing: \{\{notice\}\}/);
    assert.match(imported.stderr, /nothing was written/);
    assert.equal(readFileSync(target, 'utf8'), before);
  });

  it('prints 100 % coverage for every shipped language', () => {
    const status = i18nCli(LOCALES_DIR, 'status', '--summary');
    assert.equal(status.code, 0, status.stderr);
    const totals = status.stdout.split('\n').filter((l) => /\btotal\b/.test(l));
    assert.deepEqual(
      totals.map((l) => l.split(/\s+/)[0]),
      ['en', 'ko', 'ckb', 'ar', 'vi', 'km', 'tet', 'pt'],
    );
    for (const line of totals) assert.match(line, /100\.0 %$/);
  });
});
