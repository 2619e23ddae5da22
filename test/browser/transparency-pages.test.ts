/**
 * The transparency portal in Chromium: the statistics page and the front page in Central Kurdish
 * (kurdistan, right to left) and Vietnamese (vietnam), on tenants with a contracted tender and a
 * tender that failed with a single bid. Charts render as SVG, the page reads right to left in
 * Kurdish, nothing overflows, no English string is left, and axe-core finds no WCAG 2.1 A/AA
 * violation. Screenshots go to test/artifacts/transparency-<lng>-<page>.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  load,
  overflow,
  PAGE_TEXTS,
  untranslated,
} from '../support/browser.js';
import { buildNotice, buildTenant, type TenderWorld } from '../support/factories.js';

const NOW = '2026-09-01T07:00:00Z';
const days = (at: Date, n: number) => new Date(at.getTime() + n * 86_400_000);

interface Case {
  template: 'kurdistan' | 'vietnam';
  lng: 'ckb' | 'vi';
  dir: 'rtl' | 'ltr';
  /** Hours ahead of UTC, for the local times the notice form takes. */
  offset: number;
  titles: [Record<string, string>, Record<string, string>];
}

const CASES: Case[] = [
  {
    template: 'kurdistan',
    lng: 'ckb',
    dir: 'rtl',
    offset: 3,
    titles: [
      { title_ckb: 'جێگای نەخۆشخانە', title_en: 'Hospital beds' },
      { title_ckb: 'تایەی ئەمبولانس', title_en: 'Ambulance tyres' },
    ],
  },
  {
    template: 'vietnam',
    lng: 'vi',
    dir: 'ltr',
    offset: 7,
    titles: [
      { title_vi: 'Thiết bị trường học', title_en: 'School equipment' },
      { title_vi: 'Lốp xe cứu thương', title_en: 'Ambulance tyres' },
    ],
  },
];

/** A contracted tender with two bidders, then one that fails at its opening with a single bid. */
async function portalWorld(c: Case): Promise<TenderWorld> {
  const world = await buildTenant(c.template, { at: NOW });
  const local = (at: Date) => new Date(at.getTime() + c.offset * 3_600_000).toISOString().slice(0, 16);
  const first = await buildNotice(world, {
    state: 'contracted',
    fields: {
      ...c.titles[0],
      // Under kurdistan's pre-specification threshold, so the notice goes straight out.
      estimatedPrice: 100_000_000,
      bidSecurityPercent: 2,
      submissionDeadline: '2026-09-21T10:00',
      openingAt: '2026-09-21T10:30',
    },
    bids: [90_000_000, 95_000_000],
  });
  const final = new Date(first.award!.standstillEndsAt);
  await buildNotice(world, {
    state: 'opened',
    fields: {
      ...c.titles[1],
      estimatedPrice: 80_000_000,
      bidSecurityPercent: 2,
      submissionDeadline: local(days(final, 20)),
      openingAt: local(days(final, 20.1)),
    },
    bids: [75_000_000],
  });
  return world;
}

describe('transparency portal in Chromium', function () {
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
      before(async function () {
        this.timeout(600_000);
        world = await portalWorld(c);
        ({ server, origin } = await listen(world.app));
      });
      after(async () => {
        await closeServer(server);
        await world?.platform.close();
      });

      const pages = {
        statistics: '/transparency/statistics?year=2026',
        front: '/transparency',
        openings: '/transparency/openings',
        awards: '/transparency/awards',
      };
      for (const [name, url] of Object.entries(pages)) {
        it(`renders the ${name} page: ${c.dir}, charts drawn, no overflow, translated, accessible`, async () => {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
          try {
            const page = await context.newPage();
            const sep = url.includes('?') ? '&' : '?';
            await load(page, `${origin}/t/${world.slug}${url}${sep}lng=${c.lng}`);
            await page.screenshot({ path: path.join(ARTIFACTS, `transparency-${c.lng}-${name}.png`), fullPage: true });
            assert.equal(await page.getAttribute('html', 'lang'), c.lng);
            assert.equal(await page.getAttribute('html', 'dir'), c.dir);
            if (name === 'statistics') {
              assert.equal(await page.locator('figure.chart svg').count(), 7);
              // The chart helper mirrors charts for right-to-left readers: the figure says so.
              assert.equal(await page.locator(`figure.chart svg[direction="${c.dir}"]`).count(), 7);
              const body = await page.textContent('main');
              const share = new Intl.NumberFormat(`${c.lng}-u-nu-latn`, { style: 'percent' }).format(0.5);
              assert.ok(body?.includes(share), `single-bid share ${share}`);
            }
            const wide = await overflow(page);
            assert.ok(wide.scrollWidth <= wide.clientWidth, `overflows at 1280px: ${JSON.stringify(wide)}`);
            const texts = await page.evaluate<string[]>(PAGE_TEXTS);
            assert.deepEqual(untranslated(texts, c.lng), [], 'English left on the page');
            assert.doesNotMatch(
              await page.content(),
              />[^<]*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^<]*</,
              'no ISO timestamp shown',
            );
            const violations = await accessibilityViolations(page);
            assert.deepEqual(violations, [], `axe-core found:\n${violations.join('\n')}`);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
