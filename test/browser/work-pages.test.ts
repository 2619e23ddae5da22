/**
 * The work pages in a real browser (Debian's Chromium through playwright-core): the demo officer
 * and supplier of kurdistan and vietnam sign in through the form, land on /work, and their page in
 * each tenant language is saved to test/artifacts/<tenant>-<lng>-work-<role>.png and checked:
 * `<html lang dir>`, no horizontal overflow at desktop and 360 px, no English interface string
 * left, and no WCAG 2.1 A/AA violation found by axe-core (the checks of test/support/browser.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  overflows,
  PAGE_TEXTS,
  signInThroughForm,
  untranslated,
} from '../support/browser.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';

const TENANTS = [
  { template: 'kurdistan', languages: ['ckb', 'ar'], title: { title_ckb: 'کەرەستەی تاقیگە', title_ar: 'معدات مختبر' } },
  { template: 'vietnam', languages: ['vi'], title: { title_vi: 'Thiết bị phòng thí nghiệm' } },
];

describe('work pages in Chromium', function () {
  this.timeout(120_000);
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
        ({ server, origin } = await listen(world.app));
      });
      after(async () => {
        await closeServer(server);
        await world?.platform.close();
      });

      for (const role of ['officer', 'supplier']) {
        it(`signs the ${role} in onto a translated, accessible work page in ${tenant.languages.join(' and ')}`, async () => {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
          try {
            const page = await context.newPage();
            assert.equal(await signInThroughForm(page, origin, world.slug, role), `/t/${world.slug}/work`);
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
              const violations = await accessibilityViolations(page);
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
