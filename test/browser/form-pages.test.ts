/**
 * The forms in a real browser (Debian's Chromium through playwright-core): the sign-in form, the
 * supplier's bid form on an open notice and the officer's notice draft form (a new draft and a
 * draft's edit page), each as it first opens and as it comes back after a refused post (a wrong
 * password; a bid security too small; a deadline already past, an opening before the deadline),
 * in Central Kurdish, Arabic and English (kurdistan) and Vietnamese (vietnam). Each is saved to
 * test/artifacts/<tenant>-<lng>-<form>[-refused][-phone].png and checked as the other pages are
 * (test/support/browser.ts): `<html lang dir>`, no horizontal overflow, no English interface
 * string left, and no WCAG 2.1 A/AA violation found by axe-core, at 1280 and at 360 px.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  load,
  overflows,
  PAGE_TEXTS,
  signInThroughForm,
  untranslated,
} from '../support/browser.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 800 };
const RIGHT_TO_LEFT = new Set(['ckb', 'ar']);

interface Tenant {
  template: string;
  languages: string[];
  /** The open notice's title fields. */
  title: Record<string, string>;
  /** The draft's title, in the tenant's default language. */
  draftTitle: string;
}

const TENANTS: Tenant[] = [
  {
    template: 'kurdistan',
    languages: ['ckb', 'ar', 'en'],
    title: { title_ckb: 'کەرەستەی تاقیگە', title_ar: 'معدات مختبر', title_en: 'Laboratory equipment' },
    draftTitle: 'کورسی و مێزی قوتابخانە',
  },
  {
    template: 'vietnam',
    languages: ['vi'],
    title: { title_vi: 'Thiết bị phòng thí nghiệm' },
    draftTitle: 'Bàn ghế trường học',
  },
];

/**
 * Saves the page at desktop and phone widths and checks it: language and direction, no overflow,
 * no English left, nothing axe-core finds. `name` is the form and its state (`bid-refused`).
 */
async function checkForm(page: Page, template: string, lng: string, name: string): Promise<void> {
  const shot = `${template}-${lng}-${name}`;
  await page.setViewportSize(DESKTOP);
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.screenshot({ path: path.join(ARTIFACTS, `${shot}.png`), fullPage: true });
  assert.equal(await page.getAttribute('html', 'lang'), lng, shot);
  assert.equal(await page.getAttribute('html', 'dir'), RIGHT_TO_LEFT.has(lng) ? 'rtl' : 'ltr', shot);
  assert.equal(await overflows(page), false, `${shot} overflows at 1280 px`);
  const texts = await page.evaluate<string[]>(PAGE_TEXTS);
  assert.ok(texts.length > 10, `only ${texts.length} texts on ${shot}`);
  assert.deepEqual(untranslated(texts, lng), [], `English left on ${shot}`);
  const violations = await accessibilityViolations(page);
  assert.deepEqual(violations, [], `axe-core found on ${shot}:\n${violations.join('\n')}`);
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(ARTIFACTS, `${shot}-phone.png`), fullPage: true });
  assert.equal(await overflows(page), false, `${shot} overflows at 360 px`);
  // The narrow layout (tables scrolling in their regions, the header wrapping) is checked too.
  const narrow = await accessibilityViolations(page);
  assert.deepEqual(narrow, [], `axe-core found on ${shot} at 360 px:\n${narrow.join('\n')}`);
  await page.setViewportSize(DESKTOP);
}

/** Posts the page's form; returns the status the page came back with. */
async function submit(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    page.click('main form.stack button[type=submit]'),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

/** The field messages of the page, by the id of the field each one is about. */
async function fieldMessages(page: Page): Promise<Record<string, string>> {
  return page.evaluate<Record<string, string>>(`Object.fromEntries(
    [...document.querySelectorAll('[aria-invalid=true]')].map((field) => [
      field.id,
      (field.getAttribute('aria-describedby') ?? '').split(/\\s+/).filter(Boolean)
        .map((id) => document.getElementById(id))
        .filter((el) => el && el.classList.contains('field-error'))
        .map((el) => el.textContent.trim()).join(' '),
    ]))`);
}

describe('forms in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => browser?.close());

  for (const tenant of TENANTS) {
    describe(tenant.template, () => {
      let world: TenderWorld;
      let server: http.Server;
      let origin: string;
      let noticeId: string;
      let draftId: string;
      let context: BrowserContext | undefined;
      const url = (pathname: string, lng: string) => `${origin}/t/${world.slug}${pathname}?lng=${lng}`;

      before(async () => {
        world = await buildTenant(tenant.template, { at: '2026-09-01T05:00:00Z' });
        const supplier = await buildSupplier(world, { demo: true });
        noticeId = (
          await buildNotice(world, {
            state: 'open',
            fields: {
              ...tenant.title,
              bidSecurityPercent: 2,
              submissionDeadline: '2026-09-21T10:00',
              openingAt: '2026-09-21T10:30',
            },
            bids: [{ by: supplier, price: 80_000_000 }],
          })
        ).id;
        // Four days is shorter than any shipped notice period: the edit page opens with warnings.
        draftId = (
          await buildNotice(world, {
            state: 'draft',
            fields: {
              [`title_${world.tenant.config.locales.default}`]: tenant.draftTitle,
              submissionDeadline: '2026-09-05T10:00',
              openingAt: '2026-09-05T10:30',
            },
          })
        ).id;
        ({ server, origin } = await listen(world.app));
      });
      after(async () => {
        await closeServer(server);
        await world?.platform.close();
      });
      beforeEach(async () => {
        // The pages' CSP forbids inline scripts; bypassing it lets the test inject axe-core.
        context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
      });
      afterEach(async () => {
        await context?.close();
        context = undefined;
      });

      it(`shows the sign-in form, and again after a wrong password, in ${tenant.languages.join(', ')}`, async () => {
        const page = await context!.newPage();
        for (const lng of tenant.languages) {
          await load(page, url('/login', lng));
          await checkForm(page, tenant.template, lng, 'sign-in');

          await page.fill('input[name=email]', `officer@${world.slug}.demo`);
          await page.fill('input[name=password]', 'not the password');
          assert.equal(await submit(page), 401);
          assert.ok((await page.textContent('[role=alert]'))?.trim(), 'the refusal says why');
          assert.equal(await page.inputValue('input[name=email]'), `officer@${world.slug}.demo`, 'the e-mail is kept');
          await checkForm(page, tenant.template, lng, 'sign-in-refused');
        }
      });

      it(`shows the supplier's bid form, and again after a refused bid, in ${tenant.languages.join(', ')}`, async () => {
        const page = await context!.newPage();
        assert.equal(await signInThroughForm(page, origin, world.slug, 'supplier'), `/t/${world.slug}/work`);
        for (const lng of tenant.languages) {
          await load(page, url(`/notices/${noticeId}/bid`, lng));
          await checkForm(page, tenant.template, lng, 'bid');
          if (lng !== 'en') {
            // Seconds after opening, the running server time is still in the page's language.
            const serverTime = await page.innerText('#server-time');
            assert.doesNotMatch(serverTime, /\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b[AP]M\b/, serverTime);
          }

          await page.fill('#price', '80000000');
          await page.fill('#bidSecurityAmount', '1');
          assert.equal(await submit(page), 422);
          const messages = await fieldMessages(page);
          assert.deepEqual(Object.keys(messages), ['bidSecurityAmount']);
          assert.ok(messages.bidSecurityAmount, 'the security field says what is wrong');
          assert.equal(await page.inputValue('#price'), '80000000', 'what was typed is kept');
          await checkForm(page, tenant.template, lng, 'bid-refused');
        }
      });

      it(`shows the supplier's alerts form, refused and saved, in ${tenant.languages.join(', ')}`, async () => {
        const page = await context!.newPage();
        assert.equal(await signInThroughForm(page, origin, world.slug, 'supplier'), `/t/${world.slug}/work`);
        for (const [i, lng] of tenant.languages.entries()) {
          await load(page, url('/alerts', lng));
          await checkForm(page, tenant.template, lng, 'alerts');

          await page.fill('#alert-name', `${tenant.draftTitle} ${i + 1}`);
          await page.fill('#alert-min', '90000000');
          await page.fill('#alert-max', '1000');
          assert.equal(await submit(page), 422);
          assert.deepEqual(Object.keys(await fieldMessages(page)), ['alert-max']);
          assert.equal(await page.inputValue('#alert-min'), '90000000', 'what was typed is kept');
          await checkForm(page, tenant.template, lng, 'alerts-refused');

          await page.fill('#alert-max', '');
          await page.check('input[name=categories][value=goods]');
          assert.equal(await submit(page), 303, 'saved, then shown again by its redirect');
          assert.ok(
            (await page.textContent('main'))?.includes(`${tenant.draftTitle} ${i + 1}`),
            'the search is listed',
          );
          await checkForm(page, tenant.template, lng, 'alerts-saved');
        }
      });

      it(`shows the officer's draft forms, and again after refused posts, in ${tenant.languages.join(', ')}`, async () => {
        const page = await context!.newPage();
        assert.equal(await signInThroughForm(page, origin, world.slug, 'officer'), `/t/${world.slug}/work`);
        const language = world.tenant.config.locales.default;
        for (const lng of tenant.languages) {
          await load(page, url('/notices-desk/new', lng));
          await checkForm(page, tenant.template, lng, 'draft-new');

          await page.fill(`#title_${language}`, tenant.draftTitle);
          await page.fill('#estimatedPrice', '100000000');
          await page.fill('#bidSecurityPercent', '2');
          await page.fill('#submissionDeadline', '2026-08-25T10:00');
          await page.fill('#openingAt', '2026-08-25T09:00');
          assert.equal(await submit(page), 422);
          const refused = await fieldMessages(page);
          assert.deepEqual(Object.keys(refused).sort(), ['openingAt', 'submissionDeadline']);
          assert.ok(refused.submissionDeadline && refused.openingAt, 'both dates say what is wrong');
          await checkForm(page, tenant.template, lng, 'draft-new-refused');

          await load(page, url(`/notices-desk/${draftId}/edit`, lng));
          assert.ok(await page.isVisible('#submissionDeadline-warning'), 'the short deadline is warned of');
          await checkForm(page, tenant.template, lng, 'draft-edit');

          await page.fill('#openingAt', '2026-09-05T09:00');
          assert.equal(await submit(page), 422);
          assert.deepEqual(Object.keys(await fieldMessages(page)), ['openingAt']);
          await checkForm(page, tenant.template, lng, 'draft-edit-refused');
        }
      });
    });
  }
});
