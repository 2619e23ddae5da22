/**
 * The work pages in a real browser (Debian's Chromium through playwright-core): the demo officer
 * and supplier of kurdistan and vietnam sign in through the form, land on /work, and their page in
 * each tenant language is saved to test/artifacts/<tenant>-<lng>-work-<role>.png and checked:
 * `<html lang dir>`, no horizontal overflow at desktop and 360 px, no English interface string
 * left, and no WCAG 2.1 A/AA violation found by axe-core. (The text and axe checks follow
 * localized-pages.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';
import { freshTotp } from '../support/session.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test/artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' — ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`;

const TENANTS = [
  { template: 'kurdistan', languages: ['ckb', 'ar'], title: { title_ckb: 'کەرەستەی تاقیگە', title_ar: 'معدات مختبر' } },
  { template: 'vietnam', languages: ['vi'], title: { title_vi: 'Thiết bị phòng thí nghiệm' } },
];

function strings(lng: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v.trim());
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const dir = path.resolve('locales', lng);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')))
    walk(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  return out;
}

/** Texts of the page equal to an English interface string that is not also this language's own. */
function untranslated(texts: string[], lng: string): string[] {
  const own = new Set(strings(lng));
  const english = new Set(strings('en').filter((s) => !own.has(s) && /\p{L}{3}/u.test(s)));
  return texts.filter((t) => english.has(t));
}

const PAGE_TEXTS = `(() => {
  const lang = document.documentElement.lang;
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!el || !text || (el.closest('[lang]')?.getAttribute('lang') ?? lang) !== lang) continue;
    texts.push(text);
  }
  return texts;
})()`;

async function overflows(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** Signs a demo account in through the form; returns the page where sign-in landed. */
async function signIn(page: Page, origin: string, slug: string, role: string): Promise<string> {
  const email = `${role}@${slug}.demo`;
  await page.goto(`${origin}/t/${slug}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/(work|second-factor)/), page.click('main button[type=submit]')]);
  if (page.url().includes('second-factor')) {
    await page.fill('input[name=code]', await freshTotp(`${slug}/${email}`));
    await Promise.all([page.waitForURL(/\/work$/), page.click('main button[type=submit]')]);
  }
  return new URL(page.url()).pathname;
}

describe('work pages in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => browser?.close());

  for (const tenant of TENANTS) {
    describe(tenant.template, () => {
      let world: TenderWorld;
      let server: http.Server;
      let origin: string;
      before(async () => {
        world = await buildTenant(tenant.template, { at: '2026-09-01T05:00:00Z' });
        const supplier = await buildSupplier(world, { demo: true });
        const notice = await buildNotice(world, {
          state: 'open',
          fields: { ...tenant.title, submissionDeadline: '2026-09-21T10:00', openingAt: '2026-09-21T10:30' },
          bids: [{ by: supplier, price: 80_000_000 }],
        });
        await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/questions`)
          .set(supplier.auth)
          .send({
            question:
              tenant.template === 'vietnam'
                ? 'Có thể giao hàng theo hai đợt không?'
                : 'ئایا دەکرێت بە دوو قۆناغ ڕادەست بکرێت؟',
          })
          .expect(201);
        await buildNotice(world, {
          state: 'draft',
          fields: { ...tenant.title, submissionDeadline: '2026-09-25T10:00', openingAt: '2026-09-25T10:30' },
        });
        server = http.createServer(world.app).listen(0, '127.0.0.1');
        await new Promise((r) => server.once('listening', r));
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(async () => {
        await new Promise((r) => (server ? server.close(r) : r(undefined)));
        await world?.platform.close();
      });

      for (const role of ['officer', 'supplier']) {
        it(`signs the ${role} in onto a translated, accessible work page in ${tenant.languages.join(' and ')}`, async () => {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
          try {
            const page = await context.newPage();
            assert.equal(await signIn(page, origin, world.slug, role), `/t/${world.slug}/work`);
            for (const lng of tenant.languages) {
              await page.setViewportSize({ width: 1280, height: 900 });
              await page.goto(`${origin}/t/${world.slug}/work?lng=${lng}`);
              await page.screenshot({
                path: path.join(ARTIFACTS, `${tenant.template}-${lng}-work-${role}.png`),
                fullPage: true,
              });
              assert.equal(await page.getAttribute('html', 'lang'), lng);
              assert.equal(await page.getAttribute('html', 'dir'), lng === 'vi' ? 'ltr' : 'rtl');
              assert.equal(await overflows(page), false, 'overflows at 1280 px');
              const texts = await page.evaluate<string[]>(PAGE_TEXTS);
              assert.ok(texts.length > 20, `only ${texts.length} texts on the page`);
              assert.deepEqual(untranslated(texts, lng), [], 'English left on the page');
              await page.addScriptTag({ content: AXE_SOURCE });
              const violations = await page.evaluate<string[]>(AXE_RUN);
              assert.deepEqual(violations, [], `axe-core found:\n${violations.join('\n')}`);
              await page.setViewportSize({ width: 360, height: 800 });
              await page.screenshot({
                path: path.join(ARTIFACTS, `${tenant.template}-${lng}-work-${role}-phone.png`),
                fullPage: true,
              });
              assert.equal(await overflows(page), false, 'overflows at 360 px');
            }
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
