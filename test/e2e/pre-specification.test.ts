import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { fixedClock } from '../../server/time/clock.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { attachTenderDocuments } from '../support/factories.js';
import { csrfFrom, freshTotp, signIn, type Agent } from '../support/session.js';

// Korea: pre-specification v1 asks 5 business days above ₩100,000,000 (tenants/korea.yaml).
// Opened on Tuesday 1 September 2026 at 10:00 in Seoul, the disclosure counts Wed 2, Thu 3,
// Fri 4, Mon 7 and Tue 8 September, and ends at midnight after the 8th (15:00 UTC).
const OPENED = '2026-09-01T01:00:00.000Z';
const LAST_MOMENT = '2026-09-08T14:59:59.999Z';
const CLOSED = '2026-09-08T15:00:00.000Z';

const draft = (overrides: Record<string, unknown>) => ({
  title_ko: '의료 영상 장비 구매',
  title_en: 'Medical imaging equipment',
  category: 'goods',
  competition: 'domestic',
  method: 'open',
  evaluationMethod: 'lowest-price',
  estimatedPrice: 300_000_000,
  bidSecurityPercent: 5,
  submissionDeadline: '2026-10-05T10:00',
  openingAt: '2026-10-05T11:00',
  ...overrides,
});

type Errors = { field: string; message: string }[];
const messageOf = (body: { errors?: Errors }, field: string) =>
  body.errors?.find((e) => e.field === field)?.message ?? '';

describe('pre-specification disclosure', () => {
  let clock = OPENED;
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  let officer: Record<string, string>;
  let supplier: Record<string, string>;
  let officerPages: Agent;
  let planId: string;
  let bigId: string;
  let disclosureId: string;
  let commentId: string;

  const api = (path: string) => `/t/${slug}/api/v1${path}`;
  const supplierToken = async () => {
    const token = await request(app)
      .post(api('/auth/token'))
      .send({ email: `supplier@${slug}.demo`, password: DEMO_PASSWORD })
      .expect(201);
    return { Authorization: `Bearer ${token.body.token as string}` };
  };
  /** A draft with its tender document, so that only the disclosure stands between it and publication. */
  const createNotice = async (overrides: Record<string, unknown> = {}) => {
    const id = (
      await request(app)
        .post(api('/notices'))
        .set(officer)
        .send(draft({ planEntryId: planId, ...overrides }))
        .expect(201)
    ).body.id as string;
    await attachTenderDocuments({ app, slug, auth: officer }, id);
    return id;
  };
  const comment = (auth: Record<string, string>, id: string, text: string) =>
    request(app)
      .post(api(`/pre-specifications/${id}/comments`))
      .set(auth)
      .send({ comment: text });

  before(async () => {
    platform = await testPlatform({ clocks: () => fixedClock(clock) });
    slug = (await platform.createTenant('korea', { demo: true })).slug;
    app = await platform.app();
    const email = `officer@${slug}.demo`;
    const token = await request(app)
      .post(api('/auth/token'))
      .send({ email, password: DEMO_PASSWORD, secondFactor: await freshTotp(`${slug}/${email}`) })
      .expect(201);
    officer = { Authorization: `Bearer ${token.body.token as string}` };
    // Browser sessions outlive the bearer token's 12 hours when the clock moves on.
    officerPages = await signIn(app, slug, email);
    supplier = await supplierToken();
    const plan = await request(app)
      .post(api('/plans'))
      .set(officer)
      .send({
        title_ko: '의료 장비 구매 계획',
        fiscalYear: 2026,
        category: 'goods',
        estimatedBudget: 400_000_000,
        quarter: 3,
        method: 'open',
      })
      .expect(201);
    planId = plan.body.id as string;
    await request(app)
      .post(api(`/plans/${planId}/publish`))
      .set(officer)
      .expect(204);
    bigId = await createNotice();
  });
  after(() => platform.close());

  it('refuses to publish a notice above the threshold without a disclosure, naming the rule', async () => {
    const refused = await request(app)
      .post(api(`/notices/${bigId}/publish?lng=en`))
      .set(officer)
      .expect(422);
    const message = messageOf(refused.body as { errors?: Errors }, 'preSpecification');
    assert.match(
      message,
      /disclosed to suppliers for 5 business days \(.*Pre-specification disclosure \(version 1\).*\)/,
    );
    assert.match(
      message,
      /until the end of .*Tuesday, September 8, 2026.*; calendar days left before publication: 8\./,
    );
  });

  it('publishes a notice below the threshold without any disclosure', async () => {
    const small = await createNotice({ title_ko: '사무용품 구매', estimatedPrice: 100_000_000 });
    const published = await request(app)
      .post(api(`/notices/${small}/publish`))
      .set(officer)
      .expect(200);
    assert.ok((published.body.appliedRules as string[]).includes('pre-specification v1'));
  });

  it('answers bad input with field errors, and lets only officers open a disclosure', async () => {
    const short = await request(app)
      .post(api(`/notices/${bigId}/pre-specification`))
      .set(officer)
      .send({ summary: 'short' })
      .expect(422);
    assert.deepEqual(
      (short.body.errors as Errors).map((e) => e.field),
      ['summary'],
    );
    await request(app)
      .post(api(`/notices/${bigId}/pre-specification`))
      .set(officer)
      .send({})
      .expect(422);
    const empty = await comment(supplier, '00000000-0000-4000-8000-000000000000', '').expect(422);
    assert.equal((empty.body.errors as Errors)[0]!.field, 'comment');
    const noReply = await request(app)
      .post(api('/pre-specification-comments/00000000-0000-4000-8000-000000000000/reply'))
      .set(officer)
      .send({ reply: ' ' })
      .expect(422);
    assert.equal((noReply.body.errors as Errors)[0]!.field, 'reply');
    await request(app)
      .post(api(`/notices/${bigId}/pre-specification`))
      .set(supplier)
      .send({ summary: '납품 조건과 규격을 공개합니다.' })
      .expect(403);
    await comment(supplier, '00000000-0000-4000-8000-000000000000', '규격에 대한 의견입니다.').expect(404);
  });

  it('opens the disclosure for the period the rule sets, counted in business days', async () => {
    const opened = await request(app)
      .post(api(`/notices/${bigId}/pre-specification`))
      .set(officer)
      .send({ summary: 'CT 스캐너 2대, 128채널 이상.\n\n설치와 교육 포함.' })
      .expect(201);
    disclosureId = opened.body.id as string;
    assert.equal(opened.body.closesOn, '2026-09-08');
    assert.equal(opened.body.closesAt, CLOSED);
    assert.deepEqual(opened.body.appliedRules, ['pre-specification v1']);
    const again = await request(app)
      .post(api(`/notices/${bigId}/pre-specification?lng=en`))
      .set(officer)
      .send({ summary: 'CT 스캐너 2대, 다시 공개.' })
      .expect(422);
    assert.match(messageOf(again.body as { errors?: Errors }, '(body)'), /already been disclosed/);
    const refused = await request(app)
      .post(api(`/notices/${bigId}/publish?lng=en`))
      .set(officer)
      .expect(422);
    assert.match(
      messageOf(refused.body as { errors?: Errors }, 'preSpecification'),
      /disclosed for 5 business days \(.*Pre-specification disclosure \(version 1\).*\) until the end of .*Tuesday, September 8, 2026.*; .* Calendar days left: 8\./,
    );
  });

  it('opens a disclosure from the notice desk, with the rule and its closing day on the form', async () => {
    const other = await createNotice({ title_ko: '초음파 진단기 구매', estimatedPrice: 150_000_000 });
    const desk = await officerPages.get(`/t/${slug}/notices-desk?lng=en`).expect(200);
    assert.ok(desk.text.includes(`/t/${slug}/notices-desk/${other}/pre-specification`));
    const form = await officerPages.get(`/t/${slug}/notices-desk/${other}/pre-specification?lng=en`).expect(200);
    assert.match(form.text, /Pre-specification disclosure \(version 1\)/);
    assert.match(form.text, /5 business days/);
    assert.match(form.text, /needs a disclosure before it can be published/);
    const bad = await officerPages
      .post(`/t/${slug}/notices-desk/${other}/pre-specification?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), summary: 'short' })
      .expect(422);
    assert.match(bad.text, /field-error/);
    const done = await officerPages
      .post(`/t/${slug}/notices-desk/${other}/pre-specification`)
      .type('form')
      .send({ _csrf: csrfFrom(bad.text), summary: '초음파 진단기 1대, 설치 포함.' })
      .expect(303);
    assert.match(String(done.headers.location), new RegExp(`/t/${slug}/pre-specifications/[0-9a-f-]{36}$`));
  });

  it('shows a supplier comment in public without naming the supplier', async () => {
    const created = await comment(supplier, disclosureId, '128채널 대신 64채널도 허용해 주십시오.').expect(201);
    commentId = created.body.id as string;
    const one = await request(app)
      .get(api(`/pre-specifications/${disclosureId}`))
      .expect(200);
    assert.equal(one.body.state, 'open');
    assert.deepEqual(
      (one.body.comments as { comment: string }[]).map((c) => c.comment),
      ['128채널 대신 64채널도 허용해 주십시오.'],
    );
    assert.doesNotMatch(JSON.stringify(one.body), /supplier@|시연 공급자/);
    const list = await request(app).get(api('/pre-specifications')).expect(200);
    assert.equal((list.body.preSpecifications as unknown[]).length, 2);
    const page = await request(app).get(`/t/${slug}/pre-specifications/${disclosureId}?lng=en`).expect(200);
    assert.match(page.text, /Medical imaging equipment/);
    assert.match(page.text, /300,000,000/);
    assert.match(page.text, /Open for comments/);
    assert.match(page.text, /64채널도 허용해 주십시오/);
    assert.doesNotMatch(page.text, /supplier@|시연 공급자/);
    const listPage = await request(app).get(`/t/${slug}/pre-specifications?lng=en`).expect(200);
    assert.match(listPage.text, /Medical imaging equipment/);
  });

  it('lets the officer reply in public and tells the commenter by e-mail', async () => {
    await request(app)
      .post(api(`/pre-specification-comments/${commentId}/reply`))
      .set(supplier)
      .send({ reply: 'x' })
      .expect(403);
    await request(app)
      .post(api(`/pre-specification-comments/${commentId}/reply`))
      .set(officer)
      .send({ reply: '64채널 장비도 허용하도록 규격을 수정하겠습니다.' })
      .expect(204);
    await request(app)
      .post(api(`/pre-specification-comments/${commentId}/reply`))
      .set(officer)
      .send({ reply: '다시 답변' })
      .expect(422);
    const tenant = (await platform.tenancy.resolve(slug))!;
    const mail = await inTenant(tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: `supplier@${slug}.demo` })
        .first<{ subject: string; body_text: string } | undefined>('subject', 'body_text'),
    );
    assert.ok(mail, 'the commenter is told by e-mail');
    assert.match(mail.subject, /의료 영상 장비 구매/);
    const page = await request(app).get(`/t/${slug}/pre-specifications/${disclosureId}`).expect(200);
    assert.match(page.text, /규격을 수정하겠습니다/);
  });

  it('takes comments until the last millisecond of the period and refuses them after', async () => {
    clock = LAST_MOMENT;
    supplier = await supplierToken();
    await comment(supplier, disclosureId, '납품 기한도 검토해 주십시오.').expect(201);
    clock = CLOSED;
    const late = await comment(supplier, disclosureId, '마감 후 의견입니다.').expect(422);
    assert.equal((late.body.errors as Errors)[0]!.field, 'comment');
    const page = await signIn(app, slug, `supplier@${slug}.demo`);
    const closed = await page.get(`/t/${slug}/pre-specifications/${disclosureId}?lng=en`).expect(200);
    assert.match(closed.text, /Closed/);
    assert.doesNotMatch(closed.text, /Send the comment/);
  });

  it('publishes the notice once the disclosure has ended', async () => {
    const desk = await officerPages.get(`/t/${slug}/notices-desk?lng=en`).expect(200);
    await officerPages
      .post(`/t/${slug}/notices-desk/${bigId}/publish`)
      .type('form')
      .send({ _csrf: csrfFrom(desk.text) })
      .expect(303)
      .expect('Location', `/t/${slug}/notices-desk`);
    const notice = await request(app).get(`/t/${slug}/notices/${bigId}?lng=en`).expect(200);
    assert.match(notice.text, /pre-specification v1/);
    const page = await request(app).get(`/t/${slug}/pre-specifications/${disclosureId}?lng=en`).expect(200);
    assert.match(page.text, /See the published notice/);
  });
});
