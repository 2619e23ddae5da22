import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addStaff } from '../support/bidders.js';
import { buildNotice, buildSupplier, buildTenant, type Bidder, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';
import { securityFor } from '../support/tender.js';

// Seoul is UTC+9: the clock starts at 10:00 on Tuesday 1 September 2026 there.
describe('briefing sessions', () => {
  let w: TenderWorld;
  let other: TenderWorld;
  let notice: { id: string };
  let attending: Bidder;
  let absent: Bidder;
  let briefingId: string;
  let foreignOfficer: Record<string, string>;
  const api = (path: string) => `/t/${w.slug}/api/v1${path}`;

  before(async () => {
    w = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    other = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    notice = await buildNotice(w, {
      state: 'open',
      fields: { category: 'ict', submissionDeadline: '2026-09-30T10:00', openingAt: '2026-09-30T11:00' },
    });
    attending = await buildSupplier(w, { prefix: 'ATT' });
    absent = await buildSupplier(w, { prefix: 'ABS' });
    const [stranger] = await addStaff(w.tenant, 1, 'officer', 'FOREIGN');
    await inTenant(w.tenant, async (tx) => {
      const [agency] = await tx('agencies')
        .insert({ code: 'OTHER-AGENCY', name: { ko: '다른 기관', en: 'Another agency' } })
        .returning<{ id: string }[]>('id');
      await tx('users').where({ id: stranger!.userId }).update({ agency_id: agency!.id });
    });
    foreignOfficer = stranger!.auth;
  });
  after(async () => {
    await w.platform.close();
    await other.platform.close();
  });

  it('refuses scheduling by a supplier, and bad input with a message per field', async () => {
    const body = {
      noticeId: notice.id,
      title: 'ICT 사업 설명회',
      startsAt: '2026-09-07T14:00',
      registrationDeadline: '2026-09-04T18:00',
      joinUrl: 'https://meet.example.kr/briefing',
    };
    await request(w.app).post(api('/briefings')).set(attending.auth).send(body).expect(403);
    const bad = await request(w.app)
      .post(api('/briefings?lng=en'))
      .set(w.officer)
      .send({ ...body, joinUrl: 'http://insecure.example', registrationDeadline: '2026-09-08T10:00' })
      .expect(422);
    const fields = (bad.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['joinUrl', 'registrationDeadline']);
    const created = await request(w.app).post(api('/briefings')).set(w.officer).send(body).expect(201);
    briefingId = created.body.id as string;
    const shown = await request(w.app)
      .get(api(`/briefings/${briefingId}`))
      .expect(200);
    assert.equal(shown.body.mandatoryRule, 'briefing-attendance v1');
    assert.equal(shown.body.startsAt, '2026-09-07T05:00:00.000Z');
  });

  it('re-renders the scheduling page with the messages', async () => {
    const officer = await signIn(w.app, w.slug, `officer@${w.slug}.demo`);
    const form = await officer.get(`/t/${w.slug}/briefings/new?notice=${notice.id}&lng=en`).expect(200);
    const page = await officer
      .post(`/t/${w.slug}/briefings?lng=en`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        noticeId: notice.id,
        title: 'x',
        startsAt: '2026-09-07T14:00',
        registrationDeadline: '2026-09-04T18:00',
      })
      .expect(422);
    assert.ok(page.text.includes('Give a link to join online or a place.'));
    assert.ok(page.text.includes('field-error'));
  });

  it('lets officers of another agency not edit it', async () => {
    await request(w.app)
      .post(api(`/briefings/${briefingId}/cancel`))
      .set(foreignOfficer)
      .send({ reason: 'Not mine to cancel' })
      .expect(403);
    await request(w.app)
      .post(api('/briefings'))
      .set(foreignOfficer)
      .send({
        noticeId: notice.id,
        title: 'Someone else',
        startsAt: '2026-09-08T14:00',
        registrationDeadline: '2026-09-08T10:00',
        place: 'Seoul',
      })
      .expect(403);
  });

  it('registers each company once, takes questions in advance and publishes answers without the asker', async () => {
    await request(w.app)
      .post(api(`/briefings/${briefingId}/registration`))
      .set(attending.auth)
      .expect(204);
    await request(w.app)
      .post(api(`/briefings/${briefingId}/registration`))
      .set(attending.auth)
      .expect(409);
    await request(w.app)
      .post(api(`/briefings/${briefingId}/registration`))
      .set(absent.auth)
      .expect(204);
    const asked = await request(w.app)
      .post(api(`/briefings/${briefingId}/questions`))
      .set(attending.auth)
      .send({ question: '사업 기간은 몇 개월입니까?' })
      .expect(201);
    const before = await request(w.app)
      .get(api(`/briefings/${briefingId}`))
      .expect(200);
    assert.equal((before.body.questions as unknown[]).length, 0);
    await request(w.app)
      .post(api(`/briefings/${briefingId}/questions/${asked.body.id as string}/answer`))
      .set(w.officer)
      .send({ answer: '사업 기간은 6개월입니다.' })
      .expect(204);
    const page = await request(w.app).get(`/t/${w.slug}/briefings/${briefingId}?lng=en`).expect(200);
    assert.ok(page.text.includes('사업 기간은 6개월입니다.'));
    assert.ok(!page.text.includes('ATT'), 'the asker is not named');
    assert.ok(page.text.includes('Briefing attendance (version 1)'));
    assert.doesNotMatch(page.text, />[^<]*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'no ISO timestamp as text');
    const noticePage = await request(w.app).get(`/t/${w.slug}/notices/${notice.id}?lng=en`).expect(200);
    assert.ok(noticePage.text.includes(`/briefings?notice=${notice.id}`));
    const list = await request(w.app).get(`/t/${w.slug}/briefings?notice=${notice.id}&lng=en`).expect(200);
    assert.ok(list.text.includes(`/briefings/${briefingId}`));
  });

  it("takes a supplier's registration and question from the page, and shows a refused question again with its message", async () => {
    const supplier = await signIn(w.app, w.slug, `supplier@${w.slug}.demo`);
    const page = await supplier.get(`/t/${w.slug}/briefings/${briefingId}?lng=en`).expect(200);
    await supplier
      .post(`/t/${w.slug}/briefings/${briefingId}/registration`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const registered = await supplier.get(`/t/${w.slug}/briefings/${briefingId}?lng=en`).expect(200);
    assert.ok(registered.text.includes('Your company is registered for this briefing.'));
    const refused = await supplier
      .post(`/t/${w.slug}/briefings/${briefingId}/questions?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(registered.text), question: 'Why' })
      .expect(422);
    assert.ok(refused.text.includes('field-error'));
    assert.ok(refused.text.includes('Why</textarea>'));
  });

  it('refuses a bid before the mandatory briefing, with the localized reason naming the rule', async () => {
    const refused = await request(w.app)
      .post(api(`/notices/${notice.id}/bids?lng=en`))
      .set(attending.auth)
      .send({ price: 90_000_000, bidSecurityAmount: securityFor(90_000_000), picks: [1, 2] })
      .expect(403);
    assert.equal(refused.body.type, 'urn:koneps:problem:briefing_not_attended');
    assert.match(refused.body.title as string, /did not attend the mandatory briefing on .*7.*2026/);
    assert.match(refused.body.title as string, /Briefing attendance/);
  });

  it('records attendance after the briefing, publishes the list, and lets only attendees bid', async () => {
    await request(w.app)
      .post(api(`/briefings/${briefingId}/attendance`))
      .set(w.officer)
      .send({ attended: [attending.supplierId] })
      .expect(409);
    await w.setClock('2026-09-07T07:00:00Z', [attending, absent]);
    await request(w.app)
      .post(api(`/briefings/${briefingId}/questions`))
      .set(attending.auth)
      .send({ question: 'Too late for this question?' })
      .expect(422);
    await request(w.app)
      .post(api(`/briefings/${briefingId}/attendance`))
      .set(w.officer)
      .send({ attended: [attending.supplierId] })
      .expect(204);
    const shown = await request(w.app)
      .get(api(`/briefings/${briefingId}`))
      .expect(200);
    assert.deepEqual(
      (shown.body.attendance as { registrationNo: string }[]).map((a) => a.registrationNo),
      [attending.registrationNo],
    );
    const refused = await request(w.app)
      .post(api(`/notices/${notice.id}/bids?lng=en`))
      .set(absent.auth)
      .send({ price: 91_000_000, bidSecurityAmount: securityFor(91_000_000), picks: [1, 2] })
      .expect(403);
    assert.match(refused.body.title as string, /did not attend the mandatory briefing/);
    const ko = await request(w.app)
      .post(api(`/notices/${notice.id}/bids?lng=ko`))
      .set(absent.auth)
      .send({ price: 91_000_000, bidSecurityAmount: securityFor(91_000_000), picks: [1, 2] })
      .expect(403);
    assert.match(ko.body.title as string, /필수 설명회에 참석하지 않아/);
    await request(w.app)
      .post(api(`/notices/${notice.id}/bids`))
      .set(attending.auth)
      .send({ price: 90_000_000, bidSecurityAmount: securityFor(90_000_000), picks: [1, 2] })
      .expect(201);
    const audit = await inTenant(w.tenant, (tx) =>
      tx('audit_entries').where('action', 'like', 'briefing.%').pluck('action'),
    );
    for (const action of [
      'briefing.scheduled',
      'briefing.registered',
      'briefing.question-asked',
      'briefing.question-answered',
      'briefing.attendance-recorded',
    ])
      assert.ok(audit.includes(action), action);
  });

  it('tells the registered companies by e-mail when a briefing is moved or cancelled', async () => {
    const plan = await inTenant(w.tenant, (tx) =>
      tx('notices').where({ id: notice.id }).first<{ plan_entry_id: string }>('plan_entry_id'),
    );
    const created = await request(w.app)
      .post(api('/briefings'))
      .set(w.officer)
      .send({
        planEntryId: plan.plan_entry_id,
        title: '2027 ICT 발주계획 설명회',
        startsAt: '2026-09-20T14:00',
        registrationDeadline: '2026-09-18T18:00',
        place: '정부대전청사 대회의실',
      })
      .expect(201);
    const id = created.body.id as string;
    assert.equal(
      (
        await request(w.app)
          .get(api(`/briefings/${id}`))
          .expect(200)
      ).body.mandatoryRule,
      null,
    );
    await request(w.app)
      .post(api(`/briefings/${id}/registration`))
      .set(absent.auth)
      .expect(204);
    await request(w.app)
      .post(api(`/briefings/${id}/move`))
      .set(w.officer)
      .send({ startsAt: '2026-09-21T14:00', registrationDeadline: '2026-09-19T18:00' })
      .expect(204);
    await request(w.app)
      .post(api(`/briefings/${id}/cancel`))
      .set(w.officer)
      .send({ reason: '장소 사정' })
      .expect(204);
    const mails = await inTenant(w.tenant, (tx) =>
      tx('outbound_emails').where({ recipient: absent.email }).orderBy('created_at').pluck('subject'),
    );
    assert.ok(
      mails.some((s: string) => s.includes('2027 ICT 발주계획 설명회') && /moved|변경/.test(s)),
      mails.join('|'),
    );
    assert.ok(
      mails.some((s: string) => /cancelled|취소/.test(s)),
      mails.join('|'),
    );
  });

  it('keeps briefings inside their tenant', async () => {
    await request(other.app).get(`/t/${other.slug}/api/v1/briefings/${briefingId}`).expect(404);
    await request(other.app)
      .post(`/t/${other.slug}/api/v1/briefings/${briefingId}/registration`)
      .set((await buildSupplier(other)).auth)
      .expect(404);
  });
});
