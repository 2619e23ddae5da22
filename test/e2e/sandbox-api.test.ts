import assert from 'node:assert/strict';
import { validate as validateOpenApi } from '@readme/openapi-parser';
import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { freshTotp } from '../support/session.js';

describe("the platform's sandbox API", () => {
  let platform: TestPlatform;
  let app: Express;
  let partner: string;
  const trainer = `${uniqueSlug('trainer')}@platform.test`;
  const operator = `${uniqueSlug('operator')}@platform.test`;
  const agentEmail = `${uniqueSlug('agent')}@platform.test`;
  const slug = uniqueSlug('api');
  const bearer: Record<string, Record<string, string>> = {};

  before(async () => {
    platform = await testPlatform();
    partner = (await platform.createTenant('kurdistan')).slug;
    app = await platform.app();
    const services = await platform.services();
    for (const [email, role] of [
      [trainer, 'trainer'],
      [operator, 'operator'],
      [agentEmail, 'agent'],
    ] as const) {
      await services.staff.upsert({
        email,
        name: role,
        role,
        password: DEMO_PASSWORD,
        totpSecret: DEMO_TOTP_SECRET,
        grants: [],
      });
      const issued = await request(app)
        .post('/platform/api/v1/auth/token')
        .send({ email, password: DEMO_PASSWORD, code: await freshTotp(email) })
        .expect(201);
      bearer[role] = { Authorization: `Bearer ${issued.body.token as string}` };
    }
  });
  after(() => platform.close());

  it('issues a staff token only with password and code, and answers problem+json without one', async () => {
    const refused = await request(app)
      .post('/platform/api/v1/auth/token?lng=en')
      .send({ email: trainer, password: 'wrong password', code: '000000' })
      .expect(401);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    await request(app).get('/platform/api/v1/sandboxes').expect(401);
    await request(app).get('/platform/api/v1/sandboxes').set(bearer.agent!).expect(403);
  });

  it('creates a sandbox, moves its clock forward and refuses backward, field by field', async () => {
    const bad = await request(app)
      .post('/platform/api/v1/sandboxes?lng=en')
      .set(bearer.trainer!)
      .send({ slug, template: 'kurdistan', trainees: 0 })
      .expect(422);
    assert.deepEqual(
      (bad.body.errors as { field: string }[]).map((e) => e.field),
      ['trainees'],
    );
    const created = await request(app)
      .post('/platform/api/v1/sandboxes')
      .set(bearer.trainer!)
      .send({ slug, template: 'kurdistan', trainees: 2, languages: ['ckb', 'en'], days: 7 })
      .expect(201);
    assert.equal(created.body.address, `/s/${slug}/`);
    assert.deepEqual(created.body.languages, ['ckb', 'en']);
    assert.equal(created.body.clock.aheadMs, 0);

    const moved = await request(app)
      .post(`/platform/api/v1/sandboxes/${slug}/clock`)
      .set(bearer.trainer!)
      .send({ by: '3d' })
      .expect(200);
    assert.equal(Date.parse(moved.body.to as string) - Date.parse(moved.body.from as string), 3 * 86_400_000);
    const backward = await request(app)
      .post(`/platform/api/v1/sandboxes/${slug}/clock?lng=en`)
      .set(bearer.trainer!)
      .send({ to: new Date().toISOString() })
      .expect(409);
    assert.equal(backward.body.type, 'urn:koneps:problem:clock_backward');
    assert.match(backward.body.title as string, /only moves forward/);
    await request(app)
      .post(`/platform/api/v1/sandboxes/${slug}/clock`)
      .set(bearer.trainer!)
      .send({ by: '3d', deadline: '6f7a1d4c-9e7b-4a53-9b0e-2f2f3b4c5d6e' })
      .expect(422);
    const read = await request(app).get(`/platform/api/v1/sandboxes/${slug}`).set(bearer.trainer!).expect(200);
    assert.ok((read.body.clock.aheadMs as number) >= 3 * 86_400_000);
    const list = await request(app).get('/platform/api/v1/sandboxes').set(bearer.trainer!).expect(200);
    assert.deepEqual(
      (list.body.sandboxes as { slug: string }[]).map((s) => s.slug),
      [slug],
    );
  });

  it("refuses a partner's clock to an operator (409) and hides it from a trainer (404)", async () => {
    const refused = await request(app)
      .post(`/platform/api/v1/sandboxes/${partner}/clock?lng=en`)
      .set(bearer.operator!)
      .send({ by: '1d' })
      .expect(409);
    assert.equal(refused.body.type, 'urn:koneps:problem:clock_not_movable');
    await request(app)
      .post(`/platform/api/v1/sandboxes/${partner}/clock`)
      .set(bearer.trainer!)
      .send({ by: '1d' })
      .expect(404);
    const tenant = (await platform.tenancy.resolve(partner))!;
    assert.equal(tenant.clock.kind, 'database');
  });

  it('resets the sandbox, and documents itself in OpenAPI 3.1', async () => {
    await request(app).post(`/platform/api/v1/sandboxes/${slug}/reset`).set(bearer.trainer!).expect(204);
    const read = await request(app).get(`/platform/api/v1/sandboxes/${slug}`).set(bearer.trainer!).expect(200);
    assert.equal(read.body.clock.aheadMs, 0);
    const doc = await request(app).get('/platform/api/v1/openapi.json').expect(200);
    assert.equal(doc.body.openapi, '3.1.0');
    const valid = await validateOpenApi(structuredClone(doc.body) as never);
    assert.deepEqual(valid.valid ? [] : valid.errors, []);
    assert.deepEqual(Object.keys(doc.body.paths as object).sort(), [
      '/auth/token',
      '/sandboxes',
      '/sandboxes/{slug}',
      '/sandboxes/{slug}/clock',
      '/sandboxes/{slug}/reset',
    ]);
  });
});
