/**
 * A training sandbox in a real browser, in Central Kurdish and English: the trainer signs in on
 * the staff desk, creates a kurdistan sandbox, moves its clock on the dashboard, and opens the
 * sandbox, whose every page carries the banner. Screenshots: test/artifacts/sandbox-<lng>-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  load,
  overflows,
} from '../support/browser.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { freshTotp } from '../support/session.js';

describe('a training sandbox in the browser', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let server: http.Server | undefined;
  let origin: string;
  const trainer = `${uniqueSlug('trainer')}@platform.test`;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    platform = await testPlatform();
    const app = await platform.app();
    await (
      await platform.services()
    ).staff.upsert({
      email: trainer,
      name: 'Trainer',
      role: 'trainer',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [],
    });
    ({ server, origin } = await listen(app));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
    await platform.close();
  });

  async function signIn(page: Page, lng: string): Promise<void> {
    await load(page, `${origin}/platform/login?lng=${lng}`);
    await page.fill('input[name=email]', trainer);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.fill('input[name=code]', await freshTotp(trainer));
    await Promise.all([page.waitForURL(/\/platform\/sandboxes/), page.click('main button[type=submit]')]);
  }

  // One sign-in for both languages: a code serves two sign-ins, a third waits for the next 30 s.
  let page: Page;
  before(async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn(page, 'en');
  });

  for (const lng of ['ckb', 'en']) {
    it(`shows the dashboard and the banner in ${lng}`, async () => {
      await load(page, `${origin}/platform/sandboxes?lng=${lng}`);
      const slug = uniqueSlug('class');
      await page.fill('input[name=slug]', slug);
      await page.selectOption('select[name=template]', 'kurdistan');
      await page.fill('input[name=trainees]', '4');
      await Promise.all([
        page.waitForURL(new RegExp(`/platform/sandboxes/${slug}$`)),
        page.click('form[action="/platform/sandboxes"] button[type=submit]'),
      ]);
      await Promise.all([page.waitForURL(/moved=1/), page.click('button[value="3d"]')]);
      assert.equal(await page.getAttribute('html', 'dir'), lng === 'ckb' ? 'rtl' : 'ltr');
      const dashboard = await page.textContent('main');
      assert.doesNotMatch(dashboard ?? '', /\d{4}-\d{2}-\d{2}T|sandbox:|days:3/);
      assert.equal(await overflows(page), false, 'the dashboard fits the window');
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.screenshot({ path: path.join(ARTIFACTS, `sandbox-${lng}-dashboard.png`), fullPage: true });

      await load(page, `${origin}/s/${slug}/?lng=${lng}`);
      const banner = await page.textContent('.sandbox-banner');
      assert.ok(banner && banner.length > 20, 'the sandbox banner is shown');
      assert.equal(await overflows(page), false, 'the sandbox home fits the window');
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.screenshot({ path: path.join(ARTIFACTS, `sandbox-${lng}-home.png`), fullPage: true });
    });
  }
});
