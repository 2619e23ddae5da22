/**
 * Passkeys end to end, with a software authenticator (test/support/soft-authenticator.ts): a
 * supplier registers one from the account page; a credential id registered twice is refused, even
 * for another user; a bid confirmed with it carries the verified assertion with its receipt and
 * the challenge binds the sealed bid to the receipt's nonce; a bid changed after signing, or
 * without a confirmation where rule `bid-passkey` requires one, is refused; and two suppliers'
 * bids confirmed with one credential are flagged at the opening. PUBLIC_URL names the loopback
 * host, so every request (supertest picks a new port each time) has the same WebAuthn origin.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { bidChallenge } from '../../server/passkeys/bid-confirmation.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { tenantsWithRule } from '../support/tenant-copies.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { securityFor } from '../support/tender.js';

const ORIGIN = 'http://127.0.0.1';
const START = '2026-09-01T01:00:00Z';
const PRICE = 55_000_000;

/** A copy of the shipped tenants where korea requires every bid to be confirmed with a passkey from August 2026. */
const tenantsRequiringPasskeys = () =>
  tenantsWithRule('korea', {
    id: 'bid-passkey',
    version: 2,
    effectiveFrom: '2026-08-01',
    source: 'passkey test',
    value: '{ required: true }',
  });

async function registerPasskey(agent: Agent, base: string, authenticator: SoftAuthenticator, label: string) {
  const page = await agent.get(`${base}/account/passkeys?lng=en`).expect(200);
  const options = await agent
    .post(`${base}/account/passkeys/options`)
    .set('x-csrf-token', csrfFrom(page.text))
    .set('accept', 'application/json')
    .expect(200);
  assert.equal(options.body.rp.id, '127.0.0.1');
  return agent
    .post(`${base}/account/passkeys?lng=en`)
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      label,
      response: JSON.stringify(authenticator.register(options.body.challenge as string)),
    });
}

const bidFields = (price = PRICE) => ({
  price: String(price),
  bidSecurityAmount: String(securityFor(price)),
  picks: ['3', '7'],
});

/** Posts the bid form's fields (multipart, as the page does) to `url`. */
function postBid(agent: Agent, url: string, csrf: string, fields: Record<string, string | string[]>) {
  const req = agent.post(url).set('accept', 'application/json').field('_csrf', csrf);
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) req.field(name, v);
  return req;
}

describe('passkeys that confirm bids', function () {
  this.timeout(120_000);
  let world: TenderWorld;
  let base: string;
  let notice: { id: string };
  let supplier: Agent;
  const authenticator = new SoftAuthenticator(ORIGIN);

  before(async () => {
    world = await buildTenant('korea', { at: START, env: { PUBLIC_URL: ORIGIN } });
    base = `/t/${world.slug}`;
    notice = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ko: '패스키 입찰',
        estimatedPrice: 60_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
    });
    supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
  });
  after(() => world.platform.close());

  it('registers a passkey from the account page, lists it by its label and audits it', async () => {
    const account = await supplier.get(`${base}/account?lng=en`).expect(200);
    assert.match(account.text, /href="\/t\/[^"]+\/account\/passkeys"/);
    const empty = await supplier.get(`${base}/account/passkeys?lng=en`).expect(200);
    assert.match(empty.text, /You have no passkey yet/);
    assert.match(empty.text, /src="\/static\/passkeys\.js"/);

    const registered = await registerPasskey(supplier, base, authenticator, 'Office laptop');
    assert.equal(registered.status, 303, registered.text.slice(0, 400));
    const list = await supplier.get(`${base}/account/passkeys?lng=en`).expect(200);
    assert.match(list.text, /Office laptop/);
    assert.match(list.text, /Not used yet/);
    assert.doesNotMatch(list.text, new RegExp(authenticator.credentialId));

    const row = await inTenant(world.tenant, (tx) =>
      tx('passkeys').where({ credential_id: authenticator.credentialId }).first('label', 'counter', 'transports'),
    );
    assert.deepEqual(
      { ...row, counter: Number(row.counter) },
      { label: 'Office laptop', counter: 0, transports: ['internal'] },
    );
    const audit = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'passkey.registered' }).count<{ count: string }[]>('* as count'),
    );
    assert.equal(Number(audit[0]!.count), 1);
  });

  it('refuses a credential id registered a second time, by its owner or by another user of the tenant', async () => {
    const again = await registerPasskey(supplier, base, authenticator, 'Same key again');
    assert.equal(again.status, 409);
    assert.match(again.text, /already registered in this procurement system/);

    const rival = await buildSupplier(world, { prefix: 'LEND' });
    const lender = await signIn(world.app, world.slug, rival.email);
    const lent = await registerPasskey(
      lender,
      base,
      new SoftAuthenticator(ORIGIN, authenticator.credentialId),
      'Borrowed',
    );
    assert.equal(lent.status, 409);
    assert.match(lent.text, /One authenticator can belong to one person only/);
    const rows = await inTenant(world.tenant, (tx) =>
      tx('passkeys').where({ credential_id: authenticator.credentialId }).select('label'),
    );
    assert.deepEqual(rows, [{ label: 'Office laptop' }]);
  });

  it('stores a passkey-confirmed bid with its verified assertion; the challenge binds the sealed bid to the receipt nonce', async () => {
    const form = await supplier.get(`${base}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.match(form.text, /id="passkey-bid-status"/);
    assert.match(form.text, /src="\/static\/passkeys-webauthn\.js"/);
    const options = await postBid(
      supplier,
      `${base}/notices/${notice.id}/bid/passkey-options`,
      csrfFrom(form.text),
      bidFields(),
    ).expect(200);
    assert.equal(options.body.rpId, '127.0.0.1');
    assert.equal(options.body.userVerification, 'required');
    assert.deepEqual(
      (options.body.allowCredentials as { id: string }[]).map((c) => c.id),
      [authenticator.credentialId],
    );

    const assertion = authenticator.assert(options.body.challenge as string);
    const receipt = await postBid(supplier, `${base}/notices/${notice.id}/bid?lng=en`, csrfFrom(form.text), {
      ...bidFields(),
      passkeyAssertion: JSON.stringify(assertion),
    }).set('accept', 'text/html');
    assert.equal(receipt.status, 201, receipt.text.slice(0, 600));
    assert.match(receipt.text, /Confirmed with your passkey and verified/);

    // The receipt's salt is the nonce the authenticator signed over, with the sealed bid's digest.
    const salt = /<code dir="ltr">([A-Za-z0-9_-]{22})<\/code>/.exec(receipt.text)![1]!;
    const content = { lot: 0, price: PRICE, bidSecurityAmount: securityFor(PRICE), picks: [3, 7], files: [] };
    assert.equal(bidChallenge(notice.id, content, salt), options.body.challenge);

    const stored = await inTenant(world.tenant, (tx) =>
      tx('bid_passkey_assertions as a')
        .join('bids as b', 'b.id', 'a.bid_id')
        .where({ 'b.notice_id': notice.id, 'b.status': 'current' })
        .first('a.credential_id', 'a.challenge', 'a.signature', 'a.client_data_json', 'a.authenticator_data'),
    );
    assert.deepEqual(stored, {
      credential_id: authenticator.credentialId,
      challenge: options.body.challenge,
      signature: assertion.response.signature,
      client_data_json: assertion.response.clientDataJSON,
      authenticator_data: assertion.response.authenticatorData,
    });
    const key = await inTenant(world.tenant, (tx) =>
      tx('passkeys').where({ credential_id: authenticator.credentialId }).first('counter', 'last_used_at'),
    );
    assert.equal(Number(key.counter), 1);
    assert.ok(key.last_used_at);
  });

  it('refuses a bid changed after its authenticator signed it, and an assertion used twice', async () => {
    const form = await supplier.get(`${base}/notices/${notice.id}/bid?lng=en`).expect(200);
    const before = await inTenant(world.tenant, (tx) =>
      tx('bids').where({ notice_id: notice.id }).count<{ count: string }[]>('* as count'),
    );
    const options = await postBid(
      supplier,
      `${base}/notices/${notice.id}/bid/passkey-options`,
      csrfFrom(form.text),
      bidFields(),
    ).expect(200);
    const assertion = JSON.stringify(authenticator.assert(options.body.challenge as string));
    const changed = await postBid(supplier, `${base}/notices/${notice.id}/bid?lng=en`, csrfFrom(form.text), {
      ...bidFields(PRICE - 1_000_000),
      passkeyAssertion: assertion,
    }).set('accept', 'text/html');
    assert.equal(changed.status, 422);
    assert.match(changed.text, /could not be verified\. Your bid was not submitted/);
    // The ceremony is spent: the same assertion over the original bid is refused as expired.
    const replayed = await postBid(supplier, `${base}/notices/${notice.id}/bid?lng=en`, csrfFrom(form.text), {
      ...bidFields(),
      passkeyAssertion: assertion,
    }).set('accept', 'text/html');
    assert.equal(replayed.status, 422);
    assert.match(replayed.text, /The passkey request has expired/);
    const after = await inTenant(world.tenant, (tx) =>
      tx('bids').where({ notice_id: notice.id }).count<{ count: string }[]>('* as count'),
    );
    assert.equal(after[0]!.count, before[0]!.count);
  });

  it('takes a bid without a passkey where the rule does not require one', async () => {
    const bidder = await buildSupplier(world, { prefix: 'PLAIN' });
    const plain = await signIn(world.app, world.slug, bidder.email);
    const form = await plain.get(`${base}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.doesNotMatch(form.text, /passkey-bid-status|passkeys\.js/);
    const receipt = await postBid(
      plain,
      `${base}/notices/${notice.id}/bid?lng=en`,
      csrfFrom(form.text),
      bidFields(),
    ).set('accept', 'text/html');
    assert.equal(receipt.status, 201);
    assert.doesNotMatch(receipt.text, /Confirmed with your passkey/);
  });

  it('removes a passkey (audited); the bids it confirmed keep their assertions', async () => {
    const page = await supplier.get(`${base}/account/passkeys?lng=en`).expect(200);
    const id = /\/account\/passkeys\/([0-9a-f-]{36})\/remove/.exec(page.text)![1]!;
    await supplier
      .post(`${base}/account/passkeys/${id}/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const list = await supplier.get(`${base}/account/passkeys?lng=en`).expect(200);
    assert.match(list.text, /You have no passkey yet/);
    const [removed, kept] = await inTenant(world.tenant, async (tx) => [
      await tx('audit_entries').where({ action: 'passkey.removed' }).first('summary'),
      await tx('bid_passkey_assertions')
        .where({ credential_id: authenticator.credentialId })
        .count<{ count: string }[]>('* as count'),
    ]);
    assert.equal((removed as { summary: { label: string } }).summary.label, 'Office laptop');
    assert.equal(Number((kept as { count: string }[])[0]!.count), 1);
  });

  it('flags bids of two suppliers confirmed with one authenticator at the opening (same-authenticator)', async () => {
    const shared = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ko: '공유 인증기',
        estimatedPrice: 60_000_000,
        submissionDeadline: '2026-09-11T10:00',
        openingAt: '2026-09-11T11:00',
      },
      bids: [50_000_000, 51_000_000, 52_000_000],
      bidderPrefix: 'SHARE',
    });
    // Legacy data, or a credential re-registered after its removal: inserted as such.
    await inTenant(world.tenant, async (tx) => {
      for (const bid of shared.bids.slice(0, 2))
        await tx('bid_passkey_assertions').insert({
          bid_id: bid.bidId,
          user_id: bid.bidder.userId,
          credential_id: 'shared-credential',
          challenge: 'c',
          authenticator_data: 'a',
          client_data_json: 'j',
          signature: 's',
          verified_at: new Date(START),
        });
      await tx('bid_passkey_assertions').insert({
        bid_id: shared.bids[2]!.bidId,
        user_id: shared.bids[2]!.bidder.userId,
        credential_id: 'own-credential',
        challenge: 'c',
        authenticator_data: 'a',
        client_data_json: 'j',
        signature: 's',
        verified_at: new Date(START),
      });
    });
    await world.setClock('2026-09-11T02:00:00Z');
    const opened = await request(world.app)
      .post(`${base}/api/v1/notices/${shared.id}/open`)
      .set(world.officer)
      .expect(200);
    const flags = opened.body.flags as { kind: string; receipts: string[] }[];
    assert.deepEqual(
      // Bids submitted at one instant of the fixed clock come in any order.
      flags.filter((f) => f.kind === 'same-authenticator').map((f) => ({ ...f, receipts: [...f.receipts].sort() })),
      [
        {
          kind: 'same-authenticator',
          receipts: shared.bids
            .slice(0, 2)
            .map((b) => b.receiptNo)
            .sort(),
        },
      ],
    );
    const stored = await inTenant(world.tenant, (tx) =>
      tx('tender_openings').where({ notice_id: shared.id }).first('flags'),
    );
    assert.ok((stored.flags as { kind: string }[]).some((f) => f.kind === 'same-authenticator'));
    const page = await request(world.app).get(`${base}/notices/${shared.id}?lng=en`).expect(200);
    assert.match(page.text, /Same passkey authenticator/);
  });
});

describe('a tenant whose rule requires passkeys on bids', function () {
  this.timeout(120_000);
  let world: TenderWorld;
  let notice: { id: string };

  before(async () => {
    world = await buildTenant('korea', {
      at: START,
      env: { TENANTS_DIR: tenantsRequiringPasskeys(), PUBLIC_URL: ORIGIN },
    });
    notice = await buildNotice(world, {
      state: 'open',
      fields: {
        title_ko: '패스키 필수 입찰',
        estimatedPrice: 60_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
    });
  });
  after(() => world.platform.close());

  it('refuses a bid without a passkey confirmation, naming the rule, on the page and over the API', async () => {
    const base = `/t/${world.slug}`;
    const supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const form = await supplier.get(`${base}/notices/${notice.id}/bid?lng=en`).expect(200);
    assert.match(form.text, /Bids must be confirmed with your own passkey/);
    const refused = await postBid(
      supplier,
      `${base}/notices/${notice.id}/bid?lng=en`,
      csrfFrom(form.text),
      bidFields(),
    ).set('accept', 'text/html');
    assert.equal(refused.status, 422);
    assert.match(
      refused.text,
      /Rule .*Bids confirmed with a passkey.* requires every bid to be confirmed with your own passkey/,
    );
    assert.match(refused.text, /value="55000000"/);

    const bidder = await buildSupplier(world, { prefix: 'API' });
    const api = await request(world.app)
      .post(`${base}/api/v1/notices/${notice.id}/bids`)
      .set(bidder.auth)
      .send({ price: PRICE, bidSecurityAmount: securityFor(PRICE), picks: [1, 2] })
      .expect(422);
    assert.equal(api.body.type, 'urn:koneps:problem:bid_passkey_required');
    assert.equal(api.body.rule, 'bid-passkey v2');
    const count = await inTenant(world.tenant, (tx) =>
      tx('bids').where({ notice_id: notice.id }).count<{ count: string }[]>('* as count'),
    );
    assert.equal(Number(count[0]!.count), 0);
  });

  it('takes the bid once it is confirmed with the bidder’s passkey', async () => {
    const base = `/t/${world.slug}`;
    const supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const authenticator = new SoftAuthenticator(ORIGIN);
    assert.equal((await registerPasskey(supplier, base, authenticator, 'Phone')).status, 303);
    const form = await supplier.get(`${base}/notices/${notice.id}/bid?lng=en`).expect(200);
    const options = await postBid(
      supplier,
      `${base}/notices/${notice.id}/bid/passkey-options`,
      csrfFrom(form.text),
      bidFields(),
    ).expect(200);
    const receipt = await postBid(supplier, `${base}/notices/${notice.id}/bid?lng=en`, csrfFrom(form.text), {
      ...bidFields(),
      passkeyAssertion: JSON.stringify(authenticator.assert(options.body.challenge as string)),
    }).set('accept', 'text/html');
    assert.equal(receipt.status, 201, receipt.text.slice(0, 600));
    assert.match(receipt.text, /Confirmed with your passkey and verified/);
  });
});
