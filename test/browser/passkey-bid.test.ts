/**
 * A passkey-confirmed bid in a real browser (Debian's Chromium through playwright-core) with
 * Chromium's virtual authenticator (DevTools protocol, WebAuthn domain: CTAP2, internal transport,
 * resident keys, user verification): the korea demo supplier registers a passkey on the account
 * page, then submits a bid that the authenticator signs; the receipt says it was confirmed, and the
 * database holds the assertion the server verified with the bid. The pages keep their strict CSP
 * (no bypass): the WebAuthn bundle and public/passkeys.js load as same-origin files. The origin is
 * `localhost` (a WebAuthn relying party id cannot be an IP address). Screenshots:
 * test/artifacts/passkey-register-ko.png and passkey-bid-ko.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import {
  accessibilityViolations,
  ARTIFACTS,
  closeServer,
  launchChromium,
  listen,
  load,
  signInThroughForm,
} from '../support/browser.js';
import { buildNotice, buildTenant, type TenderWorld } from '../support/factories.js';
import { securityFor } from '../support/tender.js';

const PRICE = 55_000_000;

describe('a passkey-confirmed bid in Chromium with a virtual authenticator (korea)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let world: TenderWorld;
  let server: http.Server | undefined;
  let origin: string;
  let notice: { id: string };

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    notice = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ko: '패스키로 확인하는 입찰',
        estimatedPrice: 60_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
    });
    const listening = await listen(world.app);
    server = listening.server;
    origin = listening.origin.replace('127.0.0.1', 'localhost');
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
    await world?.platform.close();
  });

  it('registers a passkey on the account page and confirms a bid with it; the server stores the verified assertion', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const base = `${origin}/t/${world.slug}`;
    await signInThroughForm(page, origin, world.slug, 'supplier');

    await load(page, `${base}/account/passkeys?lng=ko`);
    await page.fill('#label', '사무실 노트북');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/account/passkeys') && r.request().method() === 'POST'),
      page.click('#passkey-register button[type=submit]'),
    ]);
    await page.waitForSelector('text=사무실 노트북');
    await page.screenshot({ path: path.join(ARTIFACTS, 'passkey-register-ko.png'), fullPage: true });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    const credentialId = Buffer.from(credentials[0]!.credentialId, 'base64').toString('base64url');
    const registered = await inTenant(world.tenant, (tx) =>
      tx('passkeys').where({ credential_id: credentialId }).first('label'),
    );
    assert.equal(registered?.label, '사무실 노트북');

    await load(page, `${base}/notices/${notice.id}/bid?lng=ko`);
    await page.fill('#price', String(PRICE));
    await page.fill('#bidSecurityAmount', String(securityFor(PRICE)));
    await page.check('input[name=picks][value="3"]');
    await page.check('input[name=picks][value="7"]');
    const [submitted] = await Promise.all([
      page.waitForResponse((r) => /\/notices\/[^/]+\/bid(\?|$)/.test(r.url()) && r.request().method() === 'POST', {
        timeout: 30_000,
      }),
      page.click(`form[action$="/notices/${notice.id}/bid"] button[type=submit]`),
    ]);
    assert.equal(submitted.status(), 201, await submitted.text());
    await page.waitForSelector('text=패스키로 확인되고 검증됨');
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'passkey-bid-ko.png'), fullPage: true });

    const stored = await inTenant(world.tenant, (tx) =>
      tx('bid_passkey_assertions as a')
        .join('bids as b', 'b.id', 'a.bid_id')
        .where({ 'b.notice_id': notice.id, 'b.status': 'current' })
        .first('a.credential_id', 'a.challenge', 'a.client_data_json', 'a.signature', 'a.verified_at'),
    );
    assert.equal(stored?.credential_id, credentialId);
    const clientData = JSON.parse(Buffer.from(stored.client_data_json as string, 'base64url').toString()) as {
      type: string;
      challenge: string;
      origin: string;
    };
    assert.deepEqual(
      { type: clientData.type, challenge: clientData.challenge, origin: clientData.origin },
      { type: 'webauthn.get', challenge: stored.challenge, origin },
    );
    assert.ok(stored.signature && stored.verified_at);
    const key = await inTenant(world.tenant, (tx) =>
      tx('passkeys').where({ credential_id: credentialId }).first('counter', 'last_used_at'),
    );
    assert.ok(key?.last_used_at, 'the passkey was used');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the passkeys page and the passkey bid form with nothing axe-core finds', async () => {
    // axe-core is injected as a script: this context alone bypasses the CSP.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signInThroughForm(page, origin, world.slug, 'supplier');
    const base = `${origin}/t/${world.slug}`;
    for (const url of [`${base}/account/passkeys?lng=ko`, `${base}/notices/${notice.id}/bid?lng=ko`]) {
      await load(page, url);
      assert.deepEqual(await accessibilityViolations(page), [], url);
    }
    await context.close();
  });
});
