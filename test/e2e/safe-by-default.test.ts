import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../server/app.js';
import type { Services } from '../../server/services.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { csrfFrom, freshTotp, signIn, type Agent } from '../support/session.js';

const NEW_PASSWORD = 'harbour-violet-signal-4821';

describe('safe by default: mail, sessions and second factors', () => {
  let platform: TestPlatform;
  let app: Express;
  let services: Services;
  let slug: string;
  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('vietnam', { demo: true })).slug;
    app = await platform.app();
    services = await platform.services();
  });
  after(() => platform.close());

  const supplier = () => `supplier@${slug}.demo`;
  let adminSession: Promise<Agent> | undefined;
  const tenantAdmin = () => (adminSession ??= signIn(app, slug, `tenant-admin@${slug}.demo`));

  async function lastMailTo(address: string, pattern: RegExp): Promise<string> {
    const tenant = (await services.tenancy.resolve(slug))!;
    const bodies = await inTenant(tenant, (tx) =>
      tx('outbound_emails').where({ recipient: address }).orderBy('created_at', 'desc').pluck('body_text'),
    );
    const found = (bodies as string[]).find((b) => pattern.test(b));
    if (!found) throw new Error(`no e-mail to ${address} matching ${pattern}`);
    return found;
  }

  async function requestReset(address: string): Promise<void> {
    const anonymous = request.agent(app);
    const form = await anonymous.get(`/t/${slug}/password/forgot`).expect(200);
    await anonymous
      .post(`/t/${slug}/password/forgot`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: address })
      .expect(200);
  }

  async function apiToken(email: string, password: string): Promise<string> {
    const res = await request(app).post(`/t/${slug}/api/v1/auth/token`).send({ email, password }).expect(201);
    return String(res.body.token);
  }

  it('keeps the outbox from the public and from other users: a reset link read while signed out gets nothing', async () => {
    await requestReset(supplier());
    const link = /\/password\/reset\?token=([A-Za-z0-9_-]+)/.exec(await lastMailTo(supplier(), /password\/reset/))?.[1];
    assert.ok(link, 'the reset mail was written');

    const signedOut = await request(app).get(`/t/${slug}/outbox`);
    assert.equal(signedOut.status, 302, 'the public is sent to sign in');
    assert.match(String(signedOut.headers.location), /\/login\?next=/);
    assert.doesNotMatch(signedOut.text, /token/);
    const api = await request(app).get(`/t/${slug}/api/v1/outbox`);
    assert.equal(api.status, 404);

    const asSupplier = await signIn(app, slug, supplier());
    const refused = await asSupplier.get(`/t/${slug}/outbox?lng=en`).expect(403);
    assert.doesNotMatch(refused.text, /password\/reset/);

    const admin = await tenantAdmin();
    const page = await admin.get(`/t/${slug}/outbox?lng=en`).expect(200);
    assert.ok(page.text.includes(link), "the tenant's administrator follows mail for training");
    const account = await admin.get(`/t/${slug}/account?lng=en`).expect(200);
    assert.match(account.text, new RegExp(`href="/t/${slug}/outbox"`), 'administrators find it in the navigation');
  });

  async function staffMember(role: 'operator' | 'agent'): Promise<{ agent: Agent; email: string }> {
    const email = `${uniqueSlug(role)}@platform.test`;
    await services.staff.upsert({
      email,
      name: `${role} test`,
      role,
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [slug],
    });
    const agent = request.agent(app);
    const form = await agent.get('/platform/login').expect(200);
    await agent
      .post('/platform/login')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password: DEMO_PASSWORD, code: await freshTotp(`platform/${email}`) })
      .expect(303);
    return { agent, email };
  }

  it('lets platform operators read a tenant outbox on the desk, audited, and agents not at all', async () => {
    const { agent: operator, email } = await staffMember('operator');
    const desk = await operator.get('/platform/desk?lng=en').expect(200);
    assert.match(desk.text, new RegExp(`/platform/tenants/${slug}/outbox`));
    // Each tenant's state and schema in words: "In service", "Up to date", not codes or migration ids.
    assert.match(desk.text, /<td>In service<\/td>/);
    assert.match(desk.text, /<td title="\d{8}-\d{4}-[a-z0-9-]+">Up to date<\/td>/);
    const page = await operator.get(`/platform/tenants/${slug}/outbox?lng=en`).expect(200);
    assert.match(page.text, /password\/reset/);
    await operator.get('/platform/tenants/no-such-tenant/outbox').expect(404);
    const tenant = (await services.tenancy.resolve(slug))!;
    const entries = await inTenant(tenant, (tx) =>
      tx('audit_entries').where({ action: 'platform.outbox-read' }).select('actor_type', 'actor_label'),
    );
    assert.deepEqual(entries, [{ actor_type: 'platform', actor_label: email }]);

    const { agent: callCenter } = await staffMember('agent');
    await callCenter.get(`/platform/tenants/${slug}/outbox`).expect(403);
    const agentDesk = await callCenter.get('/platform/desk?lng=en').expect(200);
    assert.doesNotMatch(agentDesk.text, /\/outbox"/);
    await request(app).get(`/platform/tenants/${slug}/outbox`).expect(302);
  });

  it('never serves the outbox when mail goes out by SMTP or stays in production files', async () => {
    const withoutPage = buildApp({ services: { ...services, outboxPage: false }, trustProxy: false, readiness: [] });
    const admin = await signIn(withoutPage, slug, `tenant-admin@${slug}.demo`);
    await admin.get(`/t/${slug}/outbox`).expect(404);
    const account = await admin.get(`/t/${slug}/account?lng=en`).expect(200);
    assert.doesNotMatch(account.text, /\/outbox"/);
  });

  it('ends every browser session and API token of the account when its password is reset', async () => {
    const browserA = await signIn(app, slug, supplier());
    const browserB = await signIn(app, slug, supplier());
    const token = await apiToken(supplier(), DEMO_PASSWORD);
    await browserA.get(`/t/${slug}/account`).expect(200);

    await requestReset(supplier());
    const resetPath = /\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(
      await lastMailTo(supplier(), /password\/reset/),
    )![0];
    const someone = request.agent(app);
    const form = await someone.get(`/t/${slug}${resetPath}`).expect(200);
    await someone
      .post(`/t/${slug}/password/reset`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), token: /token=(.+)$/.exec(resetPath)![1], password: NEW_PASSWORD })
      .expect(200);

    for (const browser of [browserA, browserB]) {
      const res = await browser.get(`/t/${slug}/account`);
      assert.equal(res.status, 302, 'a session from before the reset is signed out');
      assert.match(String(res.headers.location), /\/login/);
    }
    await request(app).get(`/t/${slug}/api/v1/me`).set('Authorization', `Bearer ${token}`).expect(401);
    const fresh = await signIn(app, slug, supplier(), { password: NEW_PASSWORD });
    await fresh.get(`/t/${slug}/account`).expect(200);
  });

  it('changes a password from the account page: this browser stays, every other session and token ends', async () => {
    const here = await signIn(app, slug, supplier(), { password: NEW_PASSWORD });
    const elsewhere = await signIn(app, slug, supplier(), { password: NEW_PASSWORD });
    const token = await apiToken(supplier(), NEW_PASSWORD);

    const form = await here.get(`/t/${slug}/account/password?lng=en`).expect(200);
    const wrong = await here
      .post(`/t/${slug}/account/password?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), current_password: 'not-my-password', password: 'copper-meadow-tiger-9120' })
      .expect(422);
    assert.match(wrong.text, /The current password is not correct/);
    const weak = await here
      .post(`/t/${slug}/account/password?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(wrong.text), current_password: NEW_PASSWORD, password: 'password' })
      .expect(422);
    assert.match(weak.text, /class="field-error"/);

    const done = await here
      .post(`/t/${slug}/account/password?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(weak.text), current_password: NEW_PASSWORD, password: 'copper-meadow-tiger-9120' })
      .expect(200);
    assert.match(done.text, /other sessions and API tokens have been signed out/);

    await here.get(`/t/${slug}/account`).expect(200);
    assert.equal((await elsewhere.get(`/t/${slug}/account`)).status, 302);
    await request(app).get(`/t/${slug}/api/v1/me`).set('Authorization', `Bearer ${token}`).expect(401);
    const tenant = (await services.tenancy.resolve(slug))!;
    const changed = await inTenant(tenant, (tx) =>
      tx('audit_entries').where({ action: 'auth.password-changed' }).count(),
    );
    assert.equal(Number((changed as { count: string }[])[0]!.count), 1);
  });

  it('judges a page request by its cookies, even when it also sends a bearer token', async () => {
    const token = await apiToken(supplier(), 'copper-meadow-tiger-9120');
    const browser = await tenantAdmin();
    const res = await browser
      .post(`/t/${slug}/admin/agencies`)
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send({ name_en: 'Forged Agency', code: 'FORGED' });
    assert.equal(res.status, 403, 'no CSRF token, no change');
  });

  it('keeps the session cookie Secure behind a TLS proxy it trusts, and sets none over plain HTTP', async () => {
    const behindProxy = buildApp({ services: { ...services, secureCookies: true }, trustProxy: 1, readiness: [] });
    // A browser on HTTPS sends Secure cookies back; supertest's jar would not over plain HTTP.
    const cookiesOf = (res: request.Response) =>
      ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
    const form = await request(behindProxy).get(`/t/${slug}/login`).set('X-Forwarded-Proto', 'https').expect(200);
    const formCookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []);
    assert.ok(formCookies.length > 0 && formCookies.every((c) => /; Secure/.test(c)));
    const login = await request(behindProxy)
      .post(`/t/${slug}/login`)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookiesOf(form).join('; '))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: supplier(), password: 'copper-meadow-tiger-9120' })
      .expect(303);
    const sessionCookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('koneps.sid='));
    assert.ok(sessionCookie, 'signed in through the proxy');
    assert.match(sessionCookie, /; Secure/);

    const plain = await request(behindProxy).get(`/t/${slug}/login`).expect(200);
    assert.ok(!cookiesOf(plain).some((c) => c.startsWith('koneps.sid=')), 'no session cookie in clear');
  });
});

describe('a tenant rule requiring a second factor of supplier users', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  before(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-2fa-'));
    slug = uniqueSlug('mfa');
    const config = readFileSync(path.resolve('tenants/timor-leste.yaml'), 'utf8').replace(
      'slug: timor-leste',
      `slug: ${slug}`,
    );
    writeFileSync(
      path.join(dir, `${slug}.yaml`),
      `${config}    - id: second-factor\n      version: 1\n      effectiveFrom: "2026-01-01"\n      source: assumption\n      value: { roles: [supplier, supplier-admin] }\n`,
    );
    platform = await testPlatform({ env: { TENANTS_DIR: dir } });
    await platform.provisioning.create(slug, { demo: true });
    app = await platform.app();
  });
  after(() => platform.close());

  it('sends a supplier without one to enrolment, and refuses it an API token until then', async () => {
    const agent = request.agent(app);
    const form = await agent.get(`/t/${slug}/login`).expect(200);
    const res = await agent
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(303);
    assert.match(String(res.headers.location), /\/account\/second-factor$/);
    const company = await agent.get(`/t/${slug}/supplier`);
    assert.equal(company.status, 302);
    assert.match(String(company.headers.location), /\/account\/second-factor$/);

    const token = await request(app)
      .post(`/t/${slug}/api/v1/auth/token`)
      .send({ email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(403);
    assert.equal(token.body.type, 'urn:koneps:problem:second_factor_enrolment_required');
  });
});
