import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session.js';

describe('tenant pages and resolution', () => {
  let platform: TestPlatform;
  let app: Express;
  before(async () => {
    platform = await testPlatform();
    // The shipped partners by their real slugs; created once per run database.
    for (const slug of ['kurdistan', 'vietnam']) {
      if (!(await platform.tenancy.registry.find(slug))) await platform.provisioning.create(slug, { demo: false });
    }
    app = await platform.app();
  });
  after(() => platform.close());

  it('answers /healthz and /readyz as JSON', async () => {
    await request(app).get('/healthz').expect(200).expect('Content-Type', /json/);
    const ready = await request(app).get('/readyz').expect(200);
    assert.deepEqual(ready.body, { status: 'ready', checks: { database: 'ok', queue: 'ok' } });
  });

  it('renders /t/kurdistan/ in Central Kurdish, right to left, with its branding', async () => {
    const res = await request(app).get('/t/kurdistan/').expect(200);
    assert.match(res.text, /<html lang="ckb" dir="rtl">/);
    assert.match(res.text, /سیستەمی کڕینی ئەلیکترۆنی کوردستان/);
    assert.match(res.text, /href="\/t\/kurdistan\/branding.css"/);
    const css = await request(app).get('/t/kurdistan/branding.css').expect(200).expect('Content-Type', /css/);
    assert.match(css.text, /--brand: #1b5e20/);
  });

  it('renders /t/vietnam/ in Vietnamese, left to right', async () => {
    const res = await request(app).get('/t/vietnam/').expect(200);
    assert.match(res.text, /<html lang="vi" dir="ltr">/);
    assert.match(res.text, /Hệ thống mua sắm công điện tử Việt Nam/);
  });

  it('serves a tenant on a host its config lists', async () => {
    const res = await request(app).get('/').set('Host', 'keps.localhost').expect(200);
    assert.match(res.text, /<html lang="ckb" dir="rtl">/);
    assert.match(res.text, /href="\/branding.css"/);
  });

  it('switches language with ?lng= and keeps it in a cookie', async () => {
    const agent = request.agent(app);
    const switched = await agent.get('/t/kurdistan/?lng=ar').expect(200);
    assert.match(switched.text, /<html lang="ar" dir="rtl">/);
    const again = await agent.get('/t/kurdistan/').expect(200);
    assert.match(again.text, /<html lang="ar" dir="rtl">/);
    const english = await agent.get('/t/kurdistan/?lng=en').expect(200);
    assert.match(english.text, /<html lang="en" dir="ltr">/);
  });

  it('follows Accept-Language only within the tenant languages', async () => {
    const en = await request(app).get('/t/kurdistan/').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    assert.match(en.text, /<html lang="en"/);
    const vi = await request(app).get('/t/kurdistan/').set('Accept-Language', 'vi').expect(200);
    assert.match(vi.text, /<html lang="ckb"/);
    const ignored = await request(app).get('/t/kurdistan/?lng=km').expect(200);
    assert.match(ignored.text, /<html lang="ckb"/);
  });

  it('returns a localized 404 page for an unknown tenant', async () => {
    const res = await request(app).get('/t/nowhere/').set('Accept-Language', 'en').expect(404);
    assert.match(res.text, /Unknown procurement system/);
    assert.match(res.text, /nowhere/);
    assert.doesNotMatch(res.text, /at .*\.ts:\d+/);
  });

  for (const path of ['/t/NOPE/', '/t/a/', "/t/x'%3B%20drop/", '/t/%E0%A4%A/', `/t/${'a'.repeat(300)}/`]) {
    it(`answers 404, never 500, for the malformed slug in ${path.slice(0, 40)}`, async () => {
      await request(app).get(path).expect(404);
    });
  }

  it('answers problem+json for an unknown tenant under /api', async () => {
    const res = await request(app)
      .get('/t/nowhere/api/v1/tenant')
      .expect(404)
      .expect('Content-Type', /application\/problem\+json/);
    assert.equal(res.body.type, 'urn:koneps:problem:tenant_not_found');
    assert.equal(res.body.status, 404);
    assert.ok(res.body.requestId);
  });

  it('shows a 503 page while a tenant is suspended', async () => {
    const record = await platform.createTenant('korea');
    await platform.provisioning.setStatus(record.slug, 'suspended');
    const page = await request(app).get(`/t/${record.slug}/`).set('Accept-Language', 'ko').expect(503);
    assert.match(page.text, /<html lang="ko"/);
    await request(app)
      .get(`/t/${record.slug}/api/v1/tenant`)
      .expect(503)
      .expect('Content-Type', /problem\+json/);
    await platform.provisioning.setStatus(record.slug, 'active');
    await request(app).get(`/t/${record.slug}/`).expect(200);
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const res = await request(app)
      .post('/t/kurdistan/api/v1/tenant')
      .set('Content-Type', 'application/json')
      .send('{"broken":')
      .expect(400);
    assert.equal(res.body.type, 'urn:koneps:problem:invalid_json');
  });

  it('lists the hosted partner governments on the platform page', async () => {
    const res = await request(app).get('/').set('Accept-Language', 'en').expect(200);
    assert.match(res.text, /href="\/t\/kurdistan\/"/);
    assert.match(res.text, /href="\/t\/vietnam\/"/);
  });

  it('sends a Content-Security-Policy without inline scripts', async () => {
    const res = await request(app).get('/t/vietnam/').expect(200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*script|script-src[^;]*unsafe-inline/);
    assert.doesNotMatch(res.text, /<script>/);
  });

  it('shows a tenant admin the regulations read-only, with the version in force', async () => {
    const record = await platform.createTenant('korea', { demo: true });
    const admin = await signIn(app, record.slug, `tenant-admin@${record.slug}.demo`);
    const page = await admin.get(`/t/${record.slug}/rules?lng=en`).expect(200);
    assert.match(page.text, /contract-deposit/);
    assert.match(page.text, /special measures/);
    assert.match(page.text, /in force/);
    const supplier = await signIn(app, record.slug, `supplier@${record.slug}.demo`);
    await supplier.get(`/t/${record.slug}/rules`).expect(403);
  });

  it('echoes a safe request id and replaces an unsafe one', async () => {
    const kept = await request(app).get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    const replaced = await request(app).get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
    assert.notEqual(replaced.headers['x-request-id'], 'bad id');
  });
});
