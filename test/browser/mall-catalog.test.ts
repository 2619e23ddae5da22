/**
 * The shopping mall in Chromium, in Central Kurdish (kurdistan, right to left) and Korean (korea),
 * on a catalog like the demo world's: the catalog searched by a keyword, then an offer's page
 * signed in as the agency's buyer (with the cart form). Each page has the reader's direction, no
 * horizontal overflow at desktop or phone width, no English left, and no axe-core WCAG 2.1 A/AA
 * violation. Screenshots go to test/artifacts/mall-<lng>-<page>[-phone].png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  load,
  overflow,
  PAGE_TEXTS,
  signInThroughForm,
  untranslated,
} from '../support/browser.js';
import { buildSuppliers, buildTenant, type TenderWorld } from '../support/factories.js';
import { buildAgreement, buildInnovativeProduct, type ItemSpec } from '../support/mall-fixture.js';

const NOW = '2026-09-01T05:00:00Z';

interface Case {
  template: 'kurdistan' | 'korea';
  lng: 'ckb' | 'ko';
  dir: 'rtl' | 'ltr';
  keyword: string;
  title: Record<string, string>;
  items: ItemSpec[];
  product: Record<string, string>;
}

const item = (
  classification: string,
  description: Record<string, string>,
  unit: string,
  ceiling: number,
): ItemSpec => ({
  classification,
  description,
  unit,
  ceiling,
  prices: [Math.round(ceiling * 0.9), Math.round(ceiling * 0.93), Math.round(ceiling * 0.96)],
  stock: [250, null, 40],
});

const CASES: Case[] = [
  {
    template: 'kurdistan',
    lng: 'ckb',
    dir: 'rtl',
    keyword: 'نووسینگە',
    title: { ckb: 'ڕێککەوتنی چوارچێوەیی بۆ کەلوپەلی نووسینگە', en: 'Office supplies framework' },
    items: [
      item('14111507', { ckb: 'کاغەزی A4 (سندوق، ٥ بەستە)', en: 'A4 copy paper (box)' }, 'سندوق', 32_000),
      item('43211503', { ckb: 'لاپتۆپی ١٤ ئینج', en: 'Laptop, 14 inch' }, 'دانە', 950_000),
      item('39101600', { ckb: 'گڵۆپی LED ی ١٢ وات', en: 'LED lamp, 12 W' }, 'دانە', 6_000),
      item('56101703', { ckb: 'مێزی نووسینگە', en: 'Office desk' }, 'دانە', 275_000),
      item('56101504', { ckb: 'کورسی نووسینگە', en: 'Office chair' }, 'دانە', 140_000),
      item('44103103', { ckb: 'تۆنەری چاپکەری لەیزەری', en: 'Laser printer toner' }, 'دانە', 85_000),
    ],
    product: { ckb: 'گڵۆپی شەقامی خۆری زیرەک', en: 'Smart solar street light' },
  },
  {
    template: 'korea',
    lng: 'ko',
    dir: 'ltr',
    keyword: '사무용',
    title: { ko: '사무용품 다수공급자계약', en: 'Office supplies framework' },
    items: [
      item('14111507', { ko: 'A4 복사용지 (상자, 2,500매)', en: 'A4 copy paper (box)' }, '상자', 28_000),
      item('43211503', { ko: '노트북 컴퓨터 14인치', en: 'Laptop, 14 inch' }, '대', 1_300_000),
      item('39101600', { ko: 'LED 전등 12W', en: 'LED lamp, 12 W' }, '개', 9_000),
      item('56101703', { ko: '사무용 책상', en: 'Office desk' }, '개', 320_000),
      item('56101504', { ko: '사무용 의자', en: 'Office chair' }, '개', 180_000),
      item('44103103', { ko: '레이저 프린터 토너', en: 'Laser printer toner' }, '개', 95_000),
    ],
    product: { ko: '저전력 스마트 가로등', en: 'Low-power smart street light' },
  },
];

async function checkPage(page: Page, c: Case, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `mall-${c.lng}-${name}.png`), fullPage: true });
  assert.equal(await page.getAttribute('html', 'lang'), c.lng);
  assert.equal(await page.getAttribute('html', 'dir'), c.dir);
  const wide = await overflow(page);
  assert.ok(wide.scrollWidth <= wide.clientWidth, `${name} overflows: ${JSON.stringify(wide)}`);
  const texts = await page.evaluate<string[]>(PAGE_TEXTS);
  assert.deepEqual(untranslated(texts, c.lng), [], 'English left on the page');
  const violations = await accessibilityViolations(page);
  assert.deepEqual(violations, [], `axe-core found:\n${violations.join('\n')}`);
}

describe('shopping mall in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => browser?.close());

  for (const c of CASES) {
    describe(`${c.template} in ${c.lng}`, function () {
      let world: TenderWorld;
      let server: http.Server;
      let origin: string;
      let desk: string;
      before(async function () {
        this.timeout(600_000);
        world = await buildTenant(c.template, { at: NOW });
        const suppliers = await buildSuppliers(world, 3);
        const agreement = await buildAgreement(world, {
          agreementNo: 'FA-2026-0001',
          title: c.title,
          startsOn: '2026-07-01',
          endsOn: '2027-06-30',
          suppliers,
          items: c.items,
        });
        desk = agreement.prices[3]![0]!;
        await buildInnovativeProduct(world, {
          designationNo: 'INNO-2026-0001',
          supplier: suppliers[2]!,
          name: c.product,
          classification: '39111600',
          unit: c.items[2]!.unit,
          unitPrice: 1_450_000,
          from: '2026-06-01',
          until: '2029-05-31',
        });
        ({ server, origin } = await listen(world.app));
      });
      after(async () => {
        await closeServer(server);
        await world?.platform.close();
      });

      it('searches the catalog by a keyword: direction, no overflow, translated, accessible', async () => {
        for (const [suffix, viewport] of [
          ['', { width: 1280, height: 900 }],
          ['-phone', { width: 390, height: 844 }],
        ] as const) {
          const context = await browser.newContext({ viewport, bypassCSP: true });
          try {
            const page = await context.newPage();
            await load(page, `${origin}/t/${world.slug}/mall?lng=${c.lng}`);
            await page.fill('#q', c.keyword);
            await Promise.all([page.waitForURL(/q=/), page.click('form[role=search] button[type=submit]')]);
            assert.ok((await page.locator('.mall-card').count()) >= 2, 'the keyword finds offers');
            await checkPage(page, c, `catalog${suffix}`);
          } finally {
            await context.close();
          }
        }
      });

      it("opens an offer's page as the agency's buyer, with the other parties' prices and the cart form", async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
        try {
          const page = await context.newPage();
          await signInThroughForm(page, origin, world.slug, 'officer');
          await load(page, `${origin}/t/${world.slug}/mall?lng=${c.lng}`);
          await Promise.all([page.waitForURL(/\/mall\/items\//), page.click(`a[href$="/mall/items/${desk}"]`)]);
          assert.equal(await page.locator('form.mall-cart-form input[name=priceId]').getAttribute('value'), desk);
          assert.equal(await page.locator('table.data-table tbody tr').count(), 2);
          await checkPage(page, c, 'product');
        } finally {
          await context.close();
        }
      });
    });
  }
});
