/**
 * The localized pages in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core, which never downloads a browser. For the tenant home, the notices list and a
 * notice page in Central Kurdish, Arabic, Khmer and Vietnamese it saves a full-page screenshot to
 * test/artifacts/<tenant>-<lng>-<page>.png and checks `<html lang dir>`, no horizontal overflow at
 * desktop and phone widths, no English interface string left untranslated, and no WCAG 2.1 A/AA
 * violation found by axe-core. Then the development pseudo-locale, on a platform that enables it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Express } from 'express';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { fixedClock } from '../../server/time/clock.js';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  ENGLISH,
  launchChromium,
  listen,
  load,
  overflow,
  PAGE_TEXTS,
  untranslated,
} from '../support/browser.js';
import { attachTenderDocuments } from '../support/factories.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { freshTotp } from '../support/session.js';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/** Tuesday 1 September 2026, morning in Erbil, Phnom Penh and Hanoi. */
const NOW = '2026-09-01T05:00:00Z';

interface Tender {
  template: string;
  languages: string[];
  plan: Record<string, unknown>;
  notice: Record<string, unknown>;
}

const TENDERS: Tender[] = [
  {
    template: 'kurdistan',
    languages: ['ckb', 'ar'],
    plan: { title_ckb: 'کڕینی ئامێری پزیشکی', title_ar: 'شراء أجهزة طبية', title_en: 'Medical equipment' },
    notice: {
      title_ckb: 'کڕینی ئامێری پزیشکی بۆ نەخۆشخانەکان',
      title_ar: 'شراء أجهزة طبية للمستشفيات',
      title_en: 'Medical equipment for hospitals',
      estimatedPrice: 100_000_000,
      bidSecurityPercent: 2,
    },
  },
  {
    template: 'cambodia',
    languages: ['km'],
    plan: { title_km: 'ការទិញឧបករណ៍វេជ្ជសាស្ត្រ', title_en: 'Medical equipment' },
    notice: {
      title_km: 'ការទិញឧបករណ៍វេជ្ជសាស្ត្រសម្រាប់មន្ទីរពេទ្យខេត្ត',
      title_en: 'Medical equipment for provincial hospitals',
      estimatedPrice: 100_000_000,
      bidSecurityPercent: 2,
    },
  },
  {
    template: 'vietnam',
    languages: ['vi'],
    plan: { title_vi: 'Mua sắm thiết bị y tế', title_en: 'Medical equipment' },
    notice: {
      title_vi: 'Mua sắm thiết bị y tế cho bệnh viện tỉnh',
      title_en: 'Medical equipment for provincial hospitals',
      estimatedPrice: 300_000_000,
      bidSecurityPercent: 2,
    },
  },
];

async function officerToken(app: Express, slug: string): Promise<Record<string, string>> {
  const email = `officer@${slug}.demo`;
  const token = await request(app)
    .post(`/t/${slug}/api/v1/auth/token`)
    .send({ email, password: DEMO_PASSWORD, secondFactor: await freshTotp(`${slug}/${email}`) })
    .expect(201);
  return { Authorization: `Bearer ${token.body.token as string}` };
}

/** A published plan entry and the notice drafted from it; returns the notice's id. */
async function publishNotice(app: Express, slug: string, tender: Tender): Promise<string> {
  const officer = await officerToken(app, slug);
  const plan = await request(app)
    .post(`/t/${slug}/api/v1/plans`)
    .set(officer)
    .send({
      ...tender.plan,
      fiscalYear: 2026,
      category: 'goods',
      estimatedBudget: 500_000_000,
      quarter: 3,
      method: 'open',
    })
    .expect(201);
  await request(app)
    .post(`/t/${slug}/api/v1/plans/${plan.body.id as string}/publish`)
    .set(officer)
    .expect(204);
  const draft = await request(app)
    .post(`/t/${slug}/api/v1/notices`)
    .set(officer)
    .send({
      planEntryId: plan.body.id,
      category: 'goods',
      competition: 'domestic',
      method: 'open',
      evaluationMethod: 'lowest-price',
      submissionDeadline: '2026-09-21T10:00',
      openingAt: '2026-09-21T10:30',
      ...tender.notice,
    })
    .expect(201);
  await attachTenderDocuments({ app, slug, auth: officer }, draft.body.id as string);
  const published = await request(app)
    .post(`/t/${slug}/api/v1/notices/${draft.body.id as string}/publish`)
    .set(officer);
  assert.equal(published.status, 200, `publish refused: ${JSON.stringify(published.body)}`);
  return draft.body.id as string;
}

describe('pages in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => browser?.close());

  describe('localized pages', function () {
    let platform: TestPlatform;
    let server: http.Server;
    let origin: string;
    const slugs = new Map<string, string>();
    const notices = new Map<string, string>();

    before(async function () {
      this.timeout(120_000);
      platform = await testPlatform({ clocks: () => fixedClock(NOW) });
      const app = await platform.app();
      for (const tender of TENDERS) {
        const slug = (await platform.createTenant(tender.template, { demo: true })).slug;
        slugs.set(tender.template, slug);
        notices.set(tender.template, await publishNotice(app, slug, tender));
      }
      ({ server, origin } = await listen(app));
    });

    after(async () => {
      await closeServer(server);
      await platform?.close();
    });

    for (const tender of TENDERS) {
      for (const lng of tender.languages) {
        const dir = lng === 'ckb' || lng === 'ar' ? 'rtl' : 'ltr';
        const pages = {
          home: () => `/t/${slugs.get(tender.template)}/`,
          notices: () => `/t/${slugs.get(tender.template)}/notices`,
          notice: () => `/t/${slugs.get(tender.template)}/notices/${notices.get(tender.template)}`,
        };
        for (const [name, url] of Object.entries(pages)) {
          it(`renders the ${tender.template} ${name} page in ${lng}: ${dir}, no overflow, translated, accessible`, async () => {
            // The pages' CSP forbids inline scripts; bypassing it lets the test inject axe-core.
            const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
            try {
              const page = await context.newPage();
              await load(page, `${origin}${url()}?lng=${lng}`);
              await page.screenshot({
                path: path.join(ARTIFACTS, `${tender.template}-${lng}-${name}.png`),
                fullPage: true,
              });

              assert.equal(await page.getAttribute('html', 'lang'), lng);
              assert.equal(await page.getAttribute('html', 'dir'), dir);

              const wide = await overflow(page);
              assert.ok(wide.scrollWidth <= wide.clientWidth, `overflows at 1280px: ${JSON.stringify(wide)}`);

              const texts = await page.evaluate<string[]>(PAGE_TEXTS);
              assert.ok(texts.length > 10, `only ${texts.length} texts read from the page`);
              assert.deepEqual(untranslated(texts, lng), [], 'English left on the page');

              const violations = await accessibilityViolations(page);
              assert.deepEqual(violations, [], `axe-core found:\n${violations.join('\n')}`);

              await page.setViewportSize(PHONE);
              await load(page, `${origin}${url()}`);
              await page.screenshot({
                path: path.join(ARTIFACTS, `${tender.template}-${lng}-${name}-phone.png`),
                fullPage: true,
              });
              assert.equal(await page.getAttribute('html', 'lang'), lng, 'the language switch sticks');
              const narrow = await overflow(page);
              assert.ok(narrow.scrollWidth <= narrow.clientWidth, `overflows at 390px: ${JSON.stringify(narrow)}`);
            } finally {
              await context.close();
            }
          });
        }
      }
    }

    it('sees English when a page has it (the untranslated-text check itself)', async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        await load(page, `${origin}/t/${slugs.get('cambodia')}/?lng=en`);
        const heading = (JSON.parse(readFileSync('locales/en/home.json', 'utf8')) as { facts_heading: string })
          .facts_heading;
        assert.ok(untranslated(await page.evaluate<string[]>(PAGE_TEXTS), 'km').includes(heading));
      } finally {
        await context.close();
      }
    });

    it('has no pseudo-locale outside development', async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        await load(page, `${origin}/t/${slugs.get('cambodia')}/?lng=en-XA`);
        assert.notEqual(await page.getAttribute('html', 'lang'), 'en-XA');
        assert.doesNotMatch(await page.innerText('body'), /\[[^\]]*~\]/);
      } finally {
        await context.close();
      }
    });
  });

  describe('the pseudo-locale in development', () => {
    let platform: TestPlatform;
    let server: http.Server;
    let origin: string;
    let slug: string;

    before(async () => {
      platform = await testPlatform({ env: { NODE_ENV: 'development' }, clocks: () => fixedClock(NOW) });
      slug = (await platform.createTenant('kurdistan')).slug;
      ({ server, origin } = await listen(await platform.app()));
    });

    after(async () => {
      await closeServer(server);
      await platform?.close();
    });

    it('renders ?lng=en-XA left-to-right, accented, longer and bracketed, and keeps it', async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        await load(page, `${origin}/t/${slug}/?lng=en-XA`);
        await page.screenshot({ path: path.join(ARTIFACTS, 'kurdistan-en-XA-home.png'), fullPage: true });
        assert.equal(await page.getAttribute('html', 'lang'), 'en-XA');
        assert.equal(await page.getAttribute('html', 'dir'), 'ltr', 'a right-to-left tenant, a left-to-right locale');
        const heading = await page.innerText('h2');
        assert.match(heading, /^\[[^\]]*[áéîöûçñšţ][^\]]* ~+\]$/u, heading);
        assert.ok(!ENGLISH.includes(heading));

        await page.setViewportSize(PHONE);
        await load(page, `${origin}/t/${slug}/`);
        assert.equal(await page.getAttribute('html', 'lang'), 'en-XA', 'the cookie keeps it');
        const narrow = await overflow(page);
        assert.ok(narrow.scrollWidth <= narrow.clientWidth, `overflows at 390px: ${JSON.stringify(narrow)}`);
      } finally {
        await context.close();
      }
    });
  });
});
