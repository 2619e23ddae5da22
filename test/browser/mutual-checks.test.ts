/**
 * A mutual check in Chromium, right to left: in a kurdistan tenant whose rules put publishing a
 * notice under a second officer, the demo officer publishes a draft from its page in Central
 * Kurdish and is told it waits for a check; the second officer of the agency reads the request as
 * a sentence on the approvals page in Arabic and approves it; the notice is then published.
 * Screenshots: test/artifacts/mutual-check-sent-ckb.png, mutual-check-approvals-ar.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { tenantsWithRule } from '../support/tenant-copies.js';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  load,
  overflows,
  signInThroughForm,
} from '../support/browser.js';
import { attachTenderDocuments, buildTenant, type TenderWorld } from '../support/factories.js';
import { draftNotice, publishedPlanEntry } from '../support/tender.js';

/** A copy of the shipped tenants where kurdistan puts publishing a notice under a second officer. */
const tenantsWithMutualChecks = () =>
  tenantsWithRule('kurdistan', {
    id: 'mutual-checks',
    version: 1,
    effectiveFrom: '2026-01-01',
    source: 'mutual checks browser test',
    value: '{ actions: [notice-publish] }',
  });

describe('a mutual check in Chromium (kurdistan, Central Kurdish and Arabic)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let world: TenderWorld;
  let server: http.Server | undefined;
  let origin: string;
  let noticeId: string;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    world = await buildTenant('kurdistan', {
      at: '2026-09-01T08:00:00Z',
      env: { TENANTS_DIR: tenantsWithMutualChecks() },
    });
    const base = `/t/${world.slug}`;
    const title = { title_ckb: 'کڕینی کورسی قوتابخانە', title_ar: 'شراء مقاعد مدرسية', title_en: 'School desks' };
    const planEntryId = await publishedPlanEntry(world, title);
    noticeId = await draftNotice(world, {
      ...title,
      planEntryId,
      estimatedPrice: 90_000_000,
      submissionDeadline: '2026-10-20T10:00',
      openingAt: '2026-10-20T11:00',
    });
    await attachTenderDocuments({ app: world.app, slug: world.slug, base, auth: world.officer }, noticeId, 1);
    ({ server, origin } = await listen(world.app));
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
    await world?.platform.close();
  });

  it('sends the publication for a check in Kurdish, and the second officer approves it in Arabic', async () => {
    const maker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await maker.newPage();
    await signInThroughForm(page, origin, world.slug, 'officer');
    await load(page, `${origin}/t/${world.slug}/notices-desk/${noticeId}?lng=ckb`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await Promise.all([page.waitForURL(/sent=check/), page.click(`form[action$="/${noticeId}/publish"] button`)]);
    const banner = await page.textContent('#pending-check');
    assert.match(banner ?? '', /کڕینی کورسی قوتابخانە/, 'the change names the notice in the reader’s language');
    assert.doesNotMatch(banner ?? '', /\d{4}-\d{2}-\d{2}T/, 'no ISO time on the page');
    assert.equal(await page.locator(`form[action$="/${noticeId}/publish"]`).count(), 0, 'no second publish button');
    assert.equal(await overflows(page), false);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.screenshot({ path: path.join(ARTIFACTS, 'mutual-check-sent-ckb.png'), fullPage: true });
    await maker.close();

    const checker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const second = await checker.newPage();
    await signInThroughForm(second, origin, world.slug, 'checker');
    await load(second, `${origin}/t/${world.slug}/admin/approvals?lng=ar`);
    assert.equal(await second.getAttribute('html', 'dir'), 'rtl');
    const card = second.locator('.approval-card').first();
    assert.match((await card.textContent()) ?? '', /شراء مقاعد مدرسية/);
    assert.equal(await overflows(second), false);
    assert.deepEqual(await accessibilityViolations(second), []);
    await second.screenshot({ path: path.join(ARTIFACTS, 'mutual-check-approvals-ar.png'), fullPage: true });
    await Promise.all([second.waitForURL(/done=approved/), card.locator('form[action$="/approve"] button').click()]);
    await checker.close();

    const notice = await inTenant(world.tenant, (tx) =>
      tx('notices').where({ id: noticeId }).first<{ status_details: string }>('status_details'),
    );
    assert.equal(notice.status_details, 'published');
  });
});
