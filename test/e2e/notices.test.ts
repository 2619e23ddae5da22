import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { fixedClock } from '../../server/time/clock.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { freshTotp } from '../support/session.js';

/** A korea tenant whose clock stands at `at`, with its demo officer's bearer token. */
async function koreaAt(
  at: string,
): Promise<{ platform: TestPlatform; app: Express; slug: string; auth: Record<string, string> }> {
  const platform = await testPlatform({ clocks: () => fixedClock(at) });
  const slug = (await platform.createTenant('korea', { demo: true })).slug;
  const app = await platform.app();
  const email = `officer@${slug}.demo`;
  const token = await request(app)
    .post(`/t/${slug}/api/v1/auth/token`)
    .send({ email, password: DEMO_PASSWORD, secondFactor: await freshTotp(`${slug}/${email}`) })
    .expect(201);
  return { platform, app, slug, auth: { Authorization: `Bearer ${token.body.token as string}` } };
}

async function publishedPlan(app: Express, slug: string, auth: Record<string, string>): Promise<string> {
  const plan = await request(app)
    .post(`/t/${slug}/api/v1/plans`)
    .set(auth)
    .send({
      title_ko: '병원 의료기기 구매 계획',
      fiscalYear: 2026,
      category: 'goods',
      estimatedBudget: 100_000_000,
      quarter: 3,
      method: 'open',
    })
    .expect(201);
  await request(app)
    .post(`/t/${slug}/api/v1/plans/${plan.body.id as string}/publish`)
    .set(auth)
    .expect(204);
  return plan.body.id as string;
}

const draft = (overrides: Record<string, unknown>) => ({
  title_ko: '병원 의료기기를 구매',
  title_en: 'Medical equipment for public hospitals',
  category: 'goods',
  competition: 'domestic',
  method: 'open',
  evaluationMethod: 'lowest-price',
  estimatedPrice: 100_000_000,
  bidSecurityPercent: 5,
  submissionDeadline: '2026-09-10T10:00',
  openingAt: '2026-09-10T11:00',
  ...overrides,
});

describe('bid notices up to publication', () => {
  let ctx: Awaited<ReturnType<typeof koreaAt>>;
  let planId: string;
  before(async () => {
    // 1 September 2026, 10:00 in Seoul: the normal rules (the special measures ended on 30 June).
    ctx = await koreaAt('2026-09-01T01:00:00Z');
    planId = await publishedPlan(ctx.app, ctx.slug, ctx.auth);
  });
  after(() => ctx.platform.close());

  const create = (body: Record<string, unknown>) =>
    request(ctx.app).post(`/t/${ctx.slug}/api/v1/notices`).set(ctx.auth).send(body);
  const publish = (id: string) =>
    request(ctx.app).post(`/t/${ctx.slug}/api/v1/notices/${id}/publish?lng=en`).set(ctx.auth);

  it('refuses publication field by field: the rule, the field, and by how much', async () => {
    const created = await create(
      draft({ submissionDeadline: '2026-09-04T10:00', openingAt: '2026-09-04T10:00', bidSecurityPercent: 1 }),
    ).expect(201);
    const refused = await publish(created.body.id as string).expect(422);
    const errors = refused.body.errors as { field: string; message: string }[];
    const by = (field: string) => errors.find((e) => e.field === field)?.message ?? '';
    assert.match(by('planEntryId'), /published procurement plan entry \(Procurement plan required \(version 1\)\)/);
    assert.match(
      by('submissionDeadline'),
      /on or after September 8, 2026: 7 calendar days of notice \(Notice period \(version 1\)\); September 4, 2026 is 4 days short/,
    );
    assert.match(by('bidSecurityPercent'), /at least 5 % \(Bid security \(version 1\)\)/);
  });

  it('publishes a notice that keeps the rules, with a structured number and the rule versions applied', async () => {
    const created = await create(draft({ planEntryId: planId })).expect(201);
    const published = await publish(created.body.id as string).expect(200);
    assert.match(published.body.noticeNo as string, /^R26BK\d{8}-000$/);
    assert.ok((published.body.appliedRules as string[]).includes('notice-period v1'));
    assert.ok((published.body.appliedRules as string[]).includes('plan-required v1'));
    await publish(created.body.id as string).expect(422);
  });

  it('finds notices by a Korean stem and shows them to the public without signing in', async () => {
    const found = await request(ctx.app)
      .get(`/t/${ctx.slug}/api/v1/notices?q=${encodeURIComponent('의료기기')}`)
      .expect(200);
    assert.equal((found.body.notices as unknown[]).length, 1);
    const none = await request(ctx.app)
      .get(`/t/${ctx.slug}/api/v1/notices?q=${encodeURIComponent('자동차')}`)
      .expect(200);
    assert.equal((none.body.notices as unknown[]).length, 0);
    const page = await request(ctx.app)
      .get(`/t/${ctx.slug}/notices?q=${encodeURIComponent('의료')}`)
      .expect(200);
    assert.match(page.text, /병원 의료기기를 구매/);
    // The pager is a landmark of its own, named for screen readers in the reader's language.
    assert.match(page.text, /<nav class="pager" aria-label="검색 결과 페이지">/);
    const id = (found.body.notices as { id: string }[])[0]!.id;
    const detail = await request(ctx.app).get(`/t/${ctx.slug}/notices/${id}?lng=en`).expect(200);
    assert.match(detail.text, /notice-period v1/);
    assert.match(detail.text, /Open for bids/);
  });

  it('keeps drafts from the public and lets the officer cancel with a reason', async () => {
    const created = await create(draft({ planEntryId: planId, title_ko: '초안 공고' })).expect(201);
    await request(ctx.app)
      .get(`/t/${ctx.slug}/notices/${created.body.id as string}`)
      .expect(404);
    await publish(created.body.id as string).expect(200);
    await request(ctx.app)
      .post(`/t/${ctx.slug}/api/v1/notices/${created.body.id as string}/cancel`)
      .set(ctx.auth)
      .send({ reason: '예산 삭감' })
      .expect(204);
    const detail = await request(ctx.app)
      .get(`/t/${ctx.slug}/notices/${created.body.id as string}?lng=en`)
      .expect(200);
    assert.match(detail.text, /Cancelled/);
    assert.match(detail.text, /예산 삭감/);
  });

  it('answers bad input with field errors, not a 500', async () => {
    const bad = await create({ category: 'toys', submissionDeadline: 'tomorrow' }).expect(422);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
    assert.ok(fields.includes('category') && fields.includes('submissionDeadline'));
  });
});

describe('bid notices under the korean special measures', () => {
  it('accepts the shortened notice period while the measures are in force', async () => {
    // 2 March 2026 in Seoul: notice-period v2 (special measures) asks 5 days for goods.
    const ctx = await koreaAt('2026-03-02T01:00:00Z');
    try {
      const planId = await publishedPlan(ctx.app, ctx.slug, ctx.auth);
      const created = await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/notices`)
        .set(ctx.auth)
        .send(draft({ planEntryId: planId, submissionDeadline: '2026-03-09T10:00', openingAt: '2026-03-09T10:00' }))
        .expect(201);
      const published = await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/notices/${created.body.id as string}/publish`)
        .set(ctx.auth)
        .expect(200);
      assert.ok((published.body.appliedRules as string[]).includes('notice-period v2, special measures'));
    } finally {
      await ctx.platform.close();
    }
  });
});

describe("an officer's notice pages", () => {
  it('drafts from the form, shows a refusal on the page, and publishes once the rules are met', async () => {
    const ctx = await koreaAt('2026-09-01T01:00:00Z');
    try {
      const { signIn, csrfFrom } = await import('../support/session.js');
      const planId = await publishedPlan(ctx.app, ctx.slug, ctx.auth);
      const officer = await signIn(ctx.app, ctx.slug, `officer@${ctx.slug}.demo`);
      const form = await officer.get(`/t/${ctx.slug}/notices-desk/new?lng=en`).expect(200);
      assert.match(form.text, /병원 의료기기 구매 계획/);
      const base = {
        _csrf: csrfFrom(form.text),
        title_ko: '사무용 가구 구매',
        category: 'goods',
        competition: 'domestic',
        method: 'open',
        evaluationMethod: 'lowest-price',
        estimatedPrice: '20000000',
        bidSecurityPercent: '5',
        openingAt: '2026-09-20T11:00',
      };
      await officer
        .post(`/t/${ctx.slug}/notices-desk`)
        .type('form')
        .send({ ...base, planEntryId: '', submissionDeadline: '2026-09-03T10:00', openingAt: '2026-09-03T11:00' })
        .expect(303);
      const desk = await officer.get(`/t/${ctx.slug}/notices-desk?lng=en`).expect(200);
      const id = new RegExp(`/t/${ctx.slug}/notices-desk/([0-9a-f-]{36})/publish`).exec(desk.text)![1]!;
      const refused = await officer
        .post(`/t/${ctx.slug}/notices-desk/${id}/publish?lng=en`)
        .type('form')
        .send({ _csrf: csrfFrom(desk.text) })
        .expect(422);
      assert.match(refused.text, /The notice was not published/);
      assert.match(refused.text, /Procurement plan required \(version 1\)/);
      assert.match(refused.text, /Notice period \(version 1\)/);
      const form2 = await officer.get(`/t/${ctx.slug}/notices-desk/new?lng=en`).expect(200);
      await officer
        .post(`/t/${ctx.slug}/notices-desk`)
        .type('form')
        .send({ ...base, _csrf: csrfFrom(form2.text), planEntryId: planId, submissionDeadline: '2026-09-15T10:00' })
        .expect(303);
      const desk2 = await officer.get(`/t/${ctx.slug}/notices-desk?lng=en`).expect(200);
      const ids = [...desk2.text.matchAll(new RegExp(`/t/${ctx.slug}/notices-desk/([0-9a-f-]{36})/publish`, 'g'))].map(
        (m) => m[1]!,
      );
      const fresh = ids.find((x) => x !== id)!;
      await officer
        .post(`/t/${ctx.slug}/notices-desk/${fresh}/publish`)
        .type('form')
        .send({ _csrf: csrfFrom(desk2.text) })
        .expect(303);
      const after = await officer.get(`/t/${ctx.slug}/notices-desk?lng=en`).expect(200);
      assert.match(after.text, /R26BK\d{8}-000/);
    } finally {
      await ctx.platform.close();
    }
  });
});

describe('questions on a notice', () => {
  it('lets a supplier ask, the officer answer in public, and never names the asker', async () => {
    const ctx = await koreaAt('2026-09-01T01:00:00Z');
    try {
      const planId = await publishedPlan(ctx.app, ctx.slug, ctx.auth);
      const created = await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/notices`)
        .set(ctx.auth)
        .send(draft({ planEntryId: planId }))
        .expect(201);
      const id = created.body.id as string;
      await request(ctx.app).post(`/t/${ctx.slug}/api/v1/notices/${id}/publish`).set(ctx.auth).expect(200);
      const supplierToken = await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/auth/token`)
        .send({ email: `supplier@${ctx.slug}.demo`, password: DEMO_PASSWORD })
        .expect(201);
      const supplier = { Authorization: `Bearer ${supplierToken.body.token as string}` };
      const asked = await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/notices/${id}/questions`)
        .set(supplier)
        .send({ question: '납품 기한을 연장할 수 있습니까?' })
        .expect(201);
      // Officers answer; suppliers cannot.
      await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/questions/${asked.body.id as string}/answer`)
        .set(supplier)
        .send({ answer: 'x' })
        .expect(403);
      await request(ctx.app)
        .post(`/t/${ctx.slug}/api/v1/questions/${asked.body.id as string}/answer`)
        .set(ctx.auth)
        .send({ answer: '아니요, 공고된 기한이 적용됩니다.' })
        .expect(204);
      const listed = await request(ctx.app).get(`/t/${ctx.slug}/api/v1/notices/${id}/questions`).expect(200);
      assert.deepEqual(
        (listed.body.questions as { question: string; answer: string }[]).map((q) => [q.question, q.answer]),
        [['납품 기한을 연장할 수 있습니까?', '아니요, 공고된 기한이 적용됩니다.']],
      );
      assert.doesNotMatch(JSON.stringify(listed.body), /supplier@/);
      const page = await request(ctx.app).get(`/t/${ctx.slug}/notices/${id}`).expect(200);
      assert.match(page.text, /공고된 기한이 적용됩니다/);
      assert.doesNotMatch(page.text, new RegExp(`supplier@${ctx.slug}`));
    } finally {
      await ctx.platform.close();
    }
  });
});
