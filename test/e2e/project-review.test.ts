/**
 * ICT project review end to end (issue 21, Software Promotion Act as korea's `project-review`
 * rule): a korea ICT notice is refused publication until a review committee confirmed its
 * requirements and project period, then carries the confirmed period; a reviewer related to a
 * company registered for the project's briefing is blocked; a later requirement change goes back
 * to review and takes effect only when confirmed; the record is public only after the award; and
 * a kurdistan ICT notice (no such rule) publishes without review.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addStaff, type StaffUser } from '../support/bidders.js';
import {
  attachTenderDocuments,
  buildNotice,
  buildSupplier,
  buildTenant,
  type Bidder,
  type BuiltNotice,
  type TenderWorld,
} from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';
import { tenantBase } from '../support/tender.js';

const START = '2026-09-01T01:00:00Z';
const ICT = { category: 'ict', submissionDeadline: '2026-09-30T10:00', openingAt: '2026-09-30T11:00' };

async function auditActions(world: TenderWorld, noticeId: string): Promise<{ action: string; summary: unknown }[]> {
  return inTenant(world.tenant, (tx) =>
    tx('audit_entries').where({ target_id: noticeId }).orderBy('seq').select('action', 'summary'),
  );
}

describe('ICT project review (korea)', function () {
  this.timeout(300_000);
  let world: TenderWorld;
  let notice: BuiltNotice;
  let registrant: Bidder;
  let related: StaffUser;
  let reviewer: StaffUser;
  const api = (path: string) => `${tenantBase(world)}/api/v1${path}`;
  const review = (path = '') => api(`/notices/${notice.id}/review${path}`);
  const publish = () =>
    request(world.app)
      .post(api(`/notices/${notice.id}/publish?lng=en`))
      .set(world.officer);

  before(async () => {
    world = await buildTenant('korea', { at: START });
    notice = await buildNotice(world, { state: 'draft', fields: { title_en: 'Records system', ...ICT } });
    await attachTenderDocuments(
      { app: world.app, slug: world.slug, base: tenantBase(world), auth: world.officer },
      notice.id,
      1,
    );
    const staff = await addStaff(world.tenant, 2, 'evaluator', 'PRJREV');
    related = staff[0]!;
    reviewer = staff[1]!;
    registrant = await buildSupplier(world, { prefix: 'BRIEF' });
  });
  after(() => world.platform.close());

  it('refuses to publish the draft until its review is complete, and says so on the draft', async () => {
    const refused = await publish().expect(422);
    const errors = refused.body.errors as { field: string; message: string }[];
    const review = errors.find((e) => e.field === 'projectReview');
    assert.ok(review, JSON.stringify(errors));
    assert.match(review.message, /review committee must confirm the project requirements and period/);
    const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const draft = (await officer.get(`${tenantBase(world)}/notices-desk/${notice.id}?lng=en`).expect(200)).text;
    assert.match(draft, /review committee must confirm the project requirements and period/);
    assert.ok(draft.includes(`/notices/${notice.id}/review`), 'the draft links to its review');

    // The officer submits the project on the review page; a bad period is shown again with its message.
    const page = await officer.get(`${tenantBase(world)}/notices/${notice.id}/review?lng=en`).expect(200);
    assert.match(page.text, /Submit the project for review/);
    const fields = {
      _csrf: csrfFrom(page.text),
      requirements: 'Electronic records management for 12 agencies, with single sign-on.',
      scope: 'Design, build, migration of 2 million records, training.',
      proposedStart: '2026-11-02',
      proposedEnd: '2026-10-30',
    };
    const bad = await officer
      .post(`${tenantBase(world)}/notices/${notice.id}/review/rounds?lng=en`)
      .type('form')
      .send(fields)
      .expect(422);
    assert.match(bad.text, /The last day cannot come before the first\./);
    await officer
      .post(`${tenantBase(world)}/notices/${notice.id}/review/rounds?lng=en`)
      .type('form')
      .send({ ...fields, _csrf: csrfFrom(bad.text), proposedEnd: '2027-04-30' })
      .expect(303);
    const pending = await publish().expect(422);
    assert.match(JSON.stringify(pending.body), /project review is not complete yet/);
  });

  it('blocks a reviewer related to a company registered for the briefing, tells the officer, and audits it', async () => {
    const briefing = await request(world.app)
      .post(api('/briefings'))
      .set(world.officer)
      .send({
        planEntryId: notice.planEntryId,
        title: 'ICT 사업 설명회',
        startsAt: '2026-09-10T14:00',
        registrationDeadline: '2026-09-09T18:00',
        joinUrl: 'https://meet.example.kr/records',
      })
      .expect(201);
    await request(world.app)
      .post(api(`/briefings/${briefing.body.id as string}/registration`))
      .set(registrant.auth)
      .expect(204);
    await inTenant(world.tenant, (tx) =>
      tx('staff_relations').insert({
        user_id: related.userId,
        company_registration_no: registrant.registrationNo,
        kind: 'former-employer',
      }),
    );
    // The submitting officer may not sit; a supplier user is no reviewer.
    await request(world.app)
      .post(review('/members'))
      .set(world.officer)
      .send({ email: `officer@${world.slug}.demo` })
      .expect(422);
    await request(world.app).post(review('/members')).set(world.officer).send({ email: related.email }).expect(201);
    await request(world.app).post(review('/members')).set(world.officer).send({ email: related.email }).expect(409);

    const blocked = await request(world.app)
      .post(api(`/notices/${notice.id}/review/declaration?lng=en`))
      .set(related.auth);
    assert.equal(blocked.status, 409);
    assert.ok(JSON.stringify(blocked.body).includes(registrant.registrationNo));
    const seat = await inTenant(world.tenant, (tx) =>
      tx('project_review_members').where({ user_id: related.userId }).first('status', 'declined_reason'),
    );
    assert.deepEqual(seat, { status: 'declined', declined_reason: 'conflict-of-interest' });
    // Off the committee for good: no decision from them.
    await request(world.app)
      .post(review('/decision'))
      .set(related.auth)
      .send({
        requirements: 'Anything at all here.',
        scope: 'Anything at all here.',
        projectStart: '2026-11-02',
        projectEnd: '2027-04-30',
        reasons: 'Trying anyway.',
      })
      .expect(403);

    const mail = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: `officer@${world.slug}.demo` })
        .orderBy('created_at', 'desc')
        .first(),
    );
    assert.ok(mail && String(mail.body_text).includes('PRJREV 1'), 'the officer is told by e-mail');
    const actions = await auditActions(world, notice.id);
    assert.ok(actions.some((a) => a.action === 'review.seat-blocked'));
    const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const page = (await officer.get(`${tenantBase(world)}/notices/${notice.id}/review?lng=en`).expect(200)).text;
    assert.match(page, /PRJREV 1 cannot sit on this review committee: conflict of interest with/);
  });

  it('publishes once a seated member without conflict confirms an adjusted period, with that period', async () => {
    await request(world.app).post(review('/members')).set(world.officer).send({ email: reviewer.email }).expect(201);
    const decision = {
      requirements: 'Electronic records management for 12 agencies, with single sign-on.',
      scope: 'Design, build, migration of 2 million records, training.',
      projectStart: '2026-11-02',
      projectEnd: '2027-06-30',
      reasons: 'Migrating 2 million records needs two more months.',
    };
    await request(world.app).post(review('/decision')).set(reviewer.auth).send(decision).expect(409);
    await request(world.app).post(review('/declaration')).set(reviewer.auth).expect(204);
    await request(world.app).post(review('/decision')).set(reviewer.auth).send(decision).expect(204);

    const published = await publish().expect(200);
    assert.equal(published.body.projectStart, '2026-11-02');
    assert.equal(published.body.projectEnd, '2027-06-30');
    assert.ok((published.body.appliedRules as string[]).includes('project-review v1'));
    const page = (
      await request(world.app)
        .get(`${tenantBase(world)}/notices/${notice.id}?lng=en`)
        .expect(200)
    ).text;
    assert.match(page, /Project period/);
    assert.match(page, /November 2, 2026 to June 30, 2027/);
    const actions = (await auditActions(world, notice.id)).map((a) => a.action);
    for (const action of ['review.submitted', 'review.member-seated', 'review.conflict-declared', 'review.adjusted'])
      assert.ok(actions.includes(action), action);
  });

  it('answers 404 to the public for the review before the award', async () => {
    await request(world.app).get(review()).expect(404);
    await request(world.app)
      .get(`${tenantBase(world)}/notices/${notice.id}/review`)
      .expect(404);
    await request(world.app).get(review()).set(world.officer).expect(200);
  });

  it('sends a requirement change during the tender back to review; it takes effect when confirmed', async () => {
    const change = {
      requirements: 'Electronic records management for 15 agencies, with single sign-on and e-signatures.',
      scope: 'Design, build, migration of 2 million records, training.',
      proposedStart: '2026-11-02',
      proposedEnd: '2027-06-30',
    };
    await request(world.app).post(review('/rounds')).set(world.officer).send(change).expect(201);
    await request(world.app).post(review('/rounds')).set(world.officer).send(change).expect(409);
    const pending = await request(world.app).get(review()).set(world.officer).expect(200);
    assert.equal(pending.body.pending, true);
    assert.match(pending.body.requirements as string, /12 agencies/, 'the confirmed requirements stay in force');
    const page = (
      await request(world.app)
        .get(`${tenantBase(world)}/notices/${notice.id}?lng=en`)
        .expect(200)
    ).text;
    assert.match(page, /A change of the project requirements is under review/);

    // A new round seats its committee again.
    await request(world.app).post(review('/members')).set(world.officer).send({ email: reviewer.email }).expect(201);
    await request(world.app).post(review('/declaration')).set(reviewer.auth).expect(204);
    await request(world.app)
      .post(review('/decision'))
      .set(reviewer.auth)
      .send({
        requirements: change.requirements,
        scope: change.scope,
        projectStart: change.proposedStart,
        projectEnd: change.proposedEnd,
        reasons: 'Three more agencies join; the period still fits.',
      })
      .expect(204);
    const done = await request(world.app).get(review()).set(world.officer).expect(200);
    assert.equal(done.body.pending, false);
    assert.match(done.body.requirements as string, /15 agencies/);
    assert.deepEqual(
      (done.body.rounds as { kind: string; status: string }[]).map((r) => [r.kind, r.status]),
      [
        ['initial', 'adjusted'],
        ['change', 'confirmed'],
      ],
    );
    const after = (
      await request(world.app)
        .get(`${tenantBase(world)}/notices/${notice.id}?lng=en`)
        .expect(200)
    ).text;
    assert.doesNotMatch(after, /under review/);
    const actions = (await auditActions(world, notice.id)).map((a) => a.action);
    assert.ok(actions.includes('review.change-submitted') && actions.includes('review.confirmed'));
  });

  it('makes the review record public once the notice has an award, without the declarations', async () => {
    const awarded = await buildNotice(world, {
      state: 'evaluated',
      fields: {
        title_en: 'Helpdesk system',
        ...ICT,
        submissionDeadline: '2026-10-05T10:00',
        openingAt: '2026-10-05T11:00',
      },
      bids: [92_000_000, 95_000_000],
    });
    const url = api(`/notices/${awarded.id}/review`);
    await request(world.app).get(url).expect(404);
    await request(world.app)
      .post(api(`/notices/${awarded.id}/award`))
      .set(world.officer)
      .expect(201);
    const record = await request(world.app).get(url).expect(200);
    assert.equal(record.body.complete, true);
    assert.equal((record.body.rounds as unknown[]).length, 1);
    const round = (record.body.rounds as { reasons: string; committee: { name: string }[] }[])[0]!;
    assert.match(round.reasons, /period fits/);
    assert.equal(round.committee.length, 1);
    const page = (
      await request(world.app)
        .get(`${tenantBase(world)}/notices/${awarded.id}/review?lng=en`)
        .expect(200)
    ).text;
    assert.match(page, /Confirmed project period/);
    assert.match(page, /Declared no conflict of interest/);
    assert.doesNotMatch(page, /<form/);
    const noticePage = (
      await request(world.app)
        .get(`${tenantBase(world)}/notices/${awarded.id}?lng=en`)
        .expect(200)
    ).text;
    assert.ok(noticePage.includes(`/notices/${awarded.id}/review`));
  });
});

describe('ICT project review elsewhere (kurdistan has no project-review rule)', function () {
  this.timeout(120_000);
  let world: TenderWorld;
  before(async () => {
    world = await buildTenant('kurdistan', { at: START });
  });
  after(() => world.platform.close());

  it('publishes an ICT notice without review, and refuses a review request', async () => {
    const notice = await buildNotice(world, { state: 'open', fields: { category: 'ict', ...deadlines() } });
    assert.ok(notice.noticeNo);
    await request(world.app)
      .post(`${tenantBase(world)}/api/v1/notices/${notice.id}/review/rounds`)
      .set(world.officer)
      .send({
        requirements: 'Requirements that nobody reviews.',
        scope: 'A scope nobody reviews.',
        proposedStart: '2026-11-01',
        proposedEnd: '2027-01-31',
      })
      .expect(422);
    await request(world.app)
      .get(`${tenantBase(world)}/api/v1/notices/${notice.id}/review`)
      .expect(404);
  });
});

/** Kurdistan's working week ends on Friday and Saturday: a Wednesday deadline a month away. */
function deadlines() {
  return { submissionDeadline: '2026-09-30T10:00', openingAt: '2026-09-30T11:00' };
}
