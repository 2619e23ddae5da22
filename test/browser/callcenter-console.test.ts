/**
 * The call-center console in a real browser, in Korean and in Arabic: an agent granted kurdistan
 * and vietnam finds a Vietnamese supplier's bid receipt by its number, opens the company and its
 * account, logs the call, records the identity check and sends the confirmation link again.
 * Screenshots: test/artifacts/callcenter-<lng>-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inTenant } from '../../server/tenancy/tenant-context.js';
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
import { buildNotice, buildTenant, type BuiltNotice, type TenderWorld } from '../support/factories.js';
import { uniqueSlug } from '../support/platform.js';
import { freshTotp } from '../support/session.js';

describe('the call-center console in the browser', () => {
  let world: TenderWorld;
  let notice: BuiltNotice;
  let browser: Browser;
  let server: http.Server | undefined;
  let origin: string;
  let page: Page;
  const agent = `${uniqueSlug('agent')}@platform.test`;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    world = await buildTenant('vietnam', { at: '2026-12-07T02:00:00Z' });
    const kurdistan = (await world.platform.createTenant('kurdistan', { demo: true })).slug;
    notice = await buildNotice(world, {
      state: 'open',
      fields: { submissionDeadline: '2027-01-05T10:00', openingAt: '2027-01-05T10:30' },
      bids: [87_654_321],
    });
    await (
      await world.platform.services()
    ).staff.upsert({
      email: agent,
      name: 'Agent Kim',
      role: 'agent',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [world.slug, kurdistan],
      timeZone: 'Asia/Seoul',
    });
    ({ server, origin } = await listen(world.app));
    browser = await launchChromium();
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await load(page, `${origin}/platform/login?lng=ko`);
    await page.fill('input[name=email]', agent);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.fill('input[name=code]', await freshTotp(agent));
    await Promise.all([page.waitForURL(/\/platform\/desk/), page.click('main button[type=submit]')]);
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
    await world?.platform.close();
  });

  async function checked(name: string): Promise<void> {
    assert.equal(await overflows(page), false, `${name} fits the window`);
    assert.deepEqual(await accessibilityViolations(page), [], name);
    await page.screenshot({ path: path.join(ARTIFACTS, `callcenter-${name}.png`), fullPage: true });
  }

  for (const lng of ['ko', 'ar']) {
    it(`finds a receipt, logs the call and resends the confirmation link, in ${lng}`, async () => {
      const bid = notice.bids[0]!;
      await inTenant(world.tenant, (tx) =>
        tx('users').where({ id: bid.bidder.userId }).update({ email_verified_at: null }),
      );
      await load(page, `${origin}/platform/console?lng=${lng}`);
      assert.equal(await page.getAttribute('html', 'dir'), lng === 'ar' ? 'rtl' : 'ltr');
      await page.fill('#console-q', bid.receiptNo);
      await Promise.all([page.waitForURL(/\/platform\/console\?q=/), page.click('.console-search button')]);
      const results = (await page.textContent('main')) ?? '';
      assert.ok(results.includes(bid.receiptNo));
      // The tenant by its name in the agent's language, the deadline and the next step as text.
      assert.ok(results.includes(world.tenant.config.names[lng as 'ko' | 'ar']!));
      assert.doesNotMatch(results, /\d{4}-\d{2}-\d{2}T|callcenter:|bids:status/);
      await checked(`${lng}-search`);

      await Promise.all([
        page.waitForURL(/\/suppliers\//),
        page.click(`a[href*="/suppliers/${bid.bidder.supplierId}"]`),
      ]);
      assert.ok(((await page.textContent('main')) ?? '').includes(bid.receiptNo));
      await checked(`${lng}-supplier`);
      await Promise.all([
        page.waitForURL(/\/accounts\//),
        page.click(`main a[href*="/accounts/${bid.bidder.userId}"]`),
      ]);
      await Promise.all([
        page.waitForURL(/\/platform\/tickets\/new/),
        page.click('.hint a[href*="/platform/tickets/new"]'),
      ]);
      await page.fill('#callerName', lng === 'ar' ? 'نغوين فان آن' : '응우옌 반 안');
      await page.selectOption('#language', 'vi');
      await page.selectOption('#topic', 'sign-in');
      await page.fill('#notes', lng === 'ar' ? 'لم يصله رابط التأكيد' : '확인 메일을 받지 못함');
      await checked(`${lng}-ticket-new`);
      await Promise.all([
        page.waitForURL(/\/platform\/tickets\/[^/]+\/[0-9a-f-]{36}$/),
        page.click('main button[type=submit]'),
      ]);
      const ticketNo = (await page.textContent('h1'))?.match(/VN-CC-\d{6}/)?.[0];
      assert.ok(ticketNo, 'the ticket has its number');

      await Promise.all([page.waitForURL(/\/accounts\/.+\?ticket=/), page.click('main a[href*="/accounts/"]')]);
      await page.check('input[name=answered][value="account-email"]');
      await page.check('input[name=answered][value="registration-number"]');
      await Promise.all([
        page.waitForURL(/\/accounts\/.+\?ticket=/),
        page.click('form[action$="/identity-check"] button[type=submit]'),
      ]);
      await Promise.all([
        page.waitForURL(/done=resend-verification/),
        page.click('form:has(input[value="resend-verification"]) button[type=submit]'),
      ]);
      const done = await page.textContent('.notice-success');
      assert.ok(done && done.length > 5, 'the agent is told the link went out');
      assert.equal(await page.getAttribute('html', 'dir'), lng === 'ar' ? 'rtl' : 'ltr');
      await checked(`${lng}-account`);

      await load(
        page,
        `${origin}/platform/tickets/${world.slug}/${new URL(page.url()).searchParams.get('ticket')}?lng=${lng}`,
      );
      const history = (await page.textContent('main')) ?? '';
      assert.ok(history.includes(ticketNo));
      await checked(`${lng}-ticket`);
    });
  }
});
