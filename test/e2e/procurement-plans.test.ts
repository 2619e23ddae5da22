import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { csrfFrom, freshTotp, signIn, type Agent } from '../support/session.js';

describe('procurement plans', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('kurdistan', { demo: true })).slug;
    app = await platform.app();
  });
  after(() => platform.close());

  // One session for the file: a third sign-in within 30 s would wait for the next TOTP window.
  let session: Promise<Agent> | undefined;
  const officerSession = () => (session ??= signIn(app, slug, `officer@${slug}.demo`));

  it("lets an officer enter and publish its agency's plan, which the public then reads", async () => {
    const officer = await officerSession();
    const form = await officer.get(`/t/${slug}/plans/new?lng=en`).expect(200);
    // A title in each of the tenant's languages, each named in its own script.
    assert.match(form.text, /<label for="title_ckb">Title in کوردی<\/label>/);
    assert.match(form.text, /<label for="title_ar">Title in العربية<\/label>/);
    await officer
      .post(`/t/${slug}/plans`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        title_ckb: 'کڕینی ئامێری پزیشکی',
        title_en: 'Medical equipment for Erbil hospitals',
        fiscalYear: '2026',
        category: 'goods',
        estimatedBudget: '1,500,000,000',
        quarter: '2',
        method: 'open',
      })
      .expect(303);
    const mine = await officer.get(`/t/${slug}/plans/mine?lng=en`).expect(200);
    assert.match(mine.text, /Draft/);
    const id = new RegExp(`/t/${slug}/plans/([0-9a-f-]{36})/publish`).exec(mine.text)![1]!;
    // Not public while a draft.
    assert.doesNotMatch((await request(app).get(`/t/${slug}/plans?year=2026&lng=en`)).text, /Medical equipment/);
    await officer
      .post(`/t/${slug}/plans/${id}/publish`)
      .type('form')
      .send({ _csrf: csrfFrom(mine.text) })
      .expect(303);

    const list = await request(app).get(`/t/${slug}/plans?year=2026&lng=en`).expect(200);
    assert.match(list.text, /Medical equipment for Erbil hospitals/);
    assert.match(list.text, /IQD\s?1,500,000,000|1,500,000,000\s?IQD/);
    const kurdish = await request(app).get(`/t/${slug}/plans?year=2026`).expect(200);
    assert.match(kurdish.text, /کڕینی ئامێری پزیشکی/);
    const api = await request(app).get(`/t/${slug}/api/v1/plans?year=2026`).expect(200);
    assert.equal(api.body.entries[0].estimatedBudget, 1_500_000_000);
    const execution = await request(app).get(`/t/${slug}/plans/execution?year=2026&lng=en`).expect(200);
    assert.match(execution.text, /DEMO/);
    const tenant = (await platform.tenancy.resolve(slug))!;
    const actions = await inTenant(tenant, (tx) =>
      tx('audit_entries').where({ target_id: id }).orderBy('seq').pluck('action'),
    );
    assert.deepEqual(actions, ['plan.created', 'plan.published']);
  });

  it('explains a wrong amount field by field and keeps the form', async () => {
    const officer = await officerSession();
    const form = await officer.get(`/t/${slug}/plans/new?lng=en`).expect(200);
    const res = await officer
      .post(`/t/${slug}/plans?lng=en`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        title_ckb: 'تاقیکردنەوە',
        fiscalYear: '2026',
        category: 'goods',
        estimatedBudget: 'a lot',
        quarter: '1',
        method: 'open',
      })
      .expect(422);
    assert.match(res.text, /Enter an amount in figures/);
    assert.match(res.text, /value="تاقیکردنەوە"/);
  });

  it('accepts entries through the API and refuses them from suppliers', async () => {
    const token = await request(app)
      .post(`/t/${slug}/api/v1/auth/token`)
      .send({
        email: `officer@${slug}.demo`,
        password: DEMO_PASSWORD,
        secondFactor: await freshTotp(`${slug}/officer@${slug}.demo`),
      });
    assert.equal(token.status, 201);
    const auth = { Authorization: `Bearer ${token.body.token as string}` };
    const created = await request(app)
      .post(`/t/${slug}/api/v1/plans`)
      .set(auth)
      .send({
        title_ckb: 'ڕێگا',
        fiscalYear: 2026,
        category: 'works',
        estimatedBudget: 5_000_000,
        quarter: 3,
        method: 'open',
      })
      .expect(201);
    await request(app)
      .post(`/t/${slug}/api/v1/plans/${created.body.id as string}/publish`)
      .set(auth)
      .expect(204);
    const bad = await request(app)
      .post(`/t/${slug}/api/v1/plans`)
      .set(auth)
      .send({ fiscalYear: 1900, category: 'toys' })
      .expect(422);
    assert.ok((bad.body.errors as { field: string }[]).some((e) => e.field === 'category'));
    const supplier = await request(app)
      .post(`/t/${slug}/api/v1/auth/token`)
      .send({ email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(201);
    await request(app)
      .post(`/t/${slug}/api/v1/plans`)
      .set({ Authorization: `Bearer ${supplier.body.token as string}` })
      .send({})
      .expect(403);
  });
});
