import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { csrfFrom, currentTotp, signIn } from '../support/session.js';

describe('signing in', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  let other: string;
  before(async () => {
    platform = await testPlatform({ env: { TRUST_PROXY: 'loopback' } });
    slug = (await platform.createTenant('vietnam', { demo: true })).slug;
    other = (await platform.createTenant('kurdistan', { demo: true })).slug;
    app = await platform.app();
  });
  after(() => platform.close());

  it('signs a supplier in with a password and regenerates the session id', async () => {
    const agent = request.agent(app);
    const form = await agent.get(`/t/${slug}/login`).expect(200);
    const before = /koneps\.sid=([^;]+)/.exec(String(form.headers['set-cookie']))?.[1];
    const res = await agent
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(303);
    const after = /koneps\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    assert.ok(after && after !== before, 'a new session id after sign-in');
    assert.match(String(res.headers['set-cookie']), /HttpOnly/);
    assert.match(String(res.headers['set-cookie']), /SameSite=Lax/);
    assert.match(String(res.headers['set-cookie']), new RegExp(`Path=/t/${slug}`));
    const account = await agent.get(`/t/${slug}/account`).expect(200);
    assert.match(account.text, new RegExp(`supplier@${slug}.demo`));
  });

  it('refuses a wrong password with a generic message and no hint which part was wrong', async () => {
    const agent = request.agent(app);
    const form = await agent.get(`/t/${slug}/login?lng=en`).expect(200);
    const wrongPassword = await agent
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `supplier@${slug}.demo`, password: 'not the password at all' })
      .expect(401);
    const form2 = await agent.get(`/t/${slug}/login`).expect(200);
    const noAccount = await agent
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form2.text), email: `nobody@${slug}.demo`, password: 'not the password at all' })
      .expect(401);
    const message = (html: string) => /class="form-error" role="alert">([^<]+)</.exec(html)?.[1];
    assert.equal(message(wrongPassword.text), message(noAccount.text));
    assert.match(message(wrongPassword.text)!, /e-mail address or the password is not correct/);
  });

  it('asks officers for the second factor before signing them in', async () => {
    const agent = request.agent(app);
    const form = await agent.get(`/t/${slug}/login`).expect(200);
    const step = await agent
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `officer@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(303);
    assert.match(String(step.headers.location), /\/login\/second-factor/);
    await agent.get(`/t/${slug}/account`).expect(302);
    const page = await agent.get(String(step.headers.location)).expect(200);
    await agent
      .post(`/t/${slug}/login/second-factor`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: '000000' })
      .expect(401);
    const page2 = await agent.get(String(step.headers.location)).expect(200);
    await agent
      .post(`/t/${slug}/login/second-factor`)
      .type('form')
      .send({ _csrf: csrfFrom(page2.text), code: await currentTotp() })
      .expect(303);
    await agent.get(`/t/${slug}/account`).expect(200);
  });

  it('makes a session cookie worthless on another tenant', async () => {
    const agent = await signIn(app, slug, `supplier@${slug}.demo`);
    const cookie = String((await agent.get(`/t/${slug}/account`).expect(200)).request.cookies);
    const foreign = await request(app).get(`/t/${other}/account`).set('Cookie', cookie).expect(302);
    assert.match(String(foreign.headers.location), new RegExp(`/t/${other}/login`));
  });

  it('refuses the same credentials on another tenant', async () => {
    const form = await request.agent(app).get(`/t/${other}/login`);
    const agent = request.agent(app);
    const page = await agent.get(`/t/${other}/login`).expect(200);
    await agent
      .post(`/t/${other}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(401);
    assert.ok(form);
  });

  it('refuses a form without its CSRF token with a 403 page', async () => {
    const res = await request(app)
      .post(`/t/${slug}/login`)
      .type('form')
      .send({ email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(403);
    assert.match(res.text, /<html lang="vi"/);
  });

  it('signs out', async () => {
    const agent = await signIn(app, slug, `supplier@${slug}.demo`);
    const account = await agent.get(`/t/${slug}/account`).expect(200);
    await agent
      .post(`/t/${slug}/logout`)
      .type('form')
      .send({ _csrf: csrfFrom(account.text) })
      .expect(303);
    await agent.get(`/t/${slug}/account`).expect(302);
  });

  it('throttles repeated failures per account and address, without locking the owner out elsewhere', async () => {
    const target = `auditor@${slug}.demo`;
    const rival = request.agent(app);
    let last = 0;
    for (let i = 0; i < 7; i++) {
      const page = await rival.get(`/t/${slug}/login`).set('X-Forwarded-For', '198.51.100.7');
      const res = await rival
        .post(`/t/${slug}/login`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: target, password: `wrong-${i}-password` });
      last = res.status;
      if (res.status === 429) {
        assert.ok(Number(res.headers['retry-after']) > 0);
        break;
      }
    }
    assert.equal(last, 429);
    // The account's owner, from another address, still signs in.
    await signIn(app, slug, target, { address: '203.0.113.20' });
  });
});

describe('API tokens', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  let other: string;
  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('korea', { demo: true })).slug;
    other = (await platform.createTenant('korea', { demo: true })).slug;
    app = await platform.app();
  });
  after(() => platform.close());

  const token = (email: string, secondFactor?: string) =>
    request(app)
      .post(`/t/${slug}/api/v1/auth/token`)
      .send({ email, password: DEMO_PASSWORD, ...(secondFactor ? { secondFactor } : {}) });

  it('issues a bearer token for the demo officer that works on its tenant and fails on another', async () => {
    const needsCode = await token(`officer@${slug}.demo`).expect(401);
    const code = await currentTotp();
    assert.equal(needsCode.body.type, 'urn:koneps:problem:second_factor_required');
    const issued = await token(`officer@${slug}.demo`, code).expect(201);
    assert.match(String(issued.body.token), /^kn_/);
    const me = await request(app)
      .get(`/t/${slug}/api/v1/me`)
      .set('Authorization', `Bearer ${issued.body.token}`)
      .expect(200);
    assert.equal(me.body.email, `officer@${slug}.demo`);
    await request(app)
      .get(`/t/${other}/api/v1/me`)
      .set('Authorization', `Bearer ${issued.body.token}`)
      .expect(401)
      .expect('Content-Type', /problem\+json/);
  });

  it('revokes a token', async () => {
    const issued = await token(`supplier@${slug}.demo`).expect(201);
    const auth = { Authorization: `Bearer ${issued.body.token}` };
    await request(app).delete(`/t/${slug}/api/v1/auth/token`).set(auth).expect(204);
    await request(app).get(`/t/${slug}/api/v1/me`).set(auth).expect(401);
  });

  it('answers wrong credentials with 401 problem+json and bad input with field errors', async () => {
    const wrong = await request(app)
      .post(`/t/${slug}/api/v1/auth/token`)
      .send({ email: `supplier@${slug}.demo`, password: 'nope nope nope' })
      .expect(401);
    assert.equal(wrong.body.type, 'urn:koneps:problem:invalid_credentials');
    const bad = await request(app).post(`/t/${slug}/api/v1/auth/token`).send({ email: 'not-an-email' }).expect(422);
    const fields = (bad.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    assert.deepEqual(fields.sort(), ['email', 'password']);
  });

  it('documents the API in OpenAPI 3.1', async () => {
    const doc = await request(app).get(`/t/${slug}/api/v1/openapi.json`).expect(200);
    assert.equal(doc.body.openapi, '3.1.0');
    assert.ok(doc.body.paths['/auth/token'].post.requestBody);
    assert.ok(doc.body.paths['/me'].get.security[0].bearer);
  });
});
