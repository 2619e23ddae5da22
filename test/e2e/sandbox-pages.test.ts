import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { csrfFrom, freshTotp, signIn as signInPages } from '../support/session.js';
import { traineeCards, traineeEmail } from '../../server/sandbox/trainees.js';
import { binaryBody } from '../support/binary.js';

describe("the trainer's sandbox pages", () => {
  let platform: TestPlatform;
  let app: Express;
  let partner: string;
  const trainer = `${uniqueSlug('trainer')}@platform.test`;
  const otherTrainer = `${uniqueSlug('trainer')}@platform.test`;
  const agentEmail = `${uniqueSlug('agent')}@platform.test`;
  const slug = uniqueSlug('class');

  before(async () => {
    platform = await testPlatform();
    partner = (await platform.createTenant('kurdistan', { demo: true })).slug;
    app = await platform.app();
    const services = await platform.services();
    for (const [email, role] of [
      [trainer, 'trainer'],
      [otherTrainer, 'trainer'],
      [agentEmail, 'agent'],
    ] as const) {
      await services.staff.upsert({
        email,
        name: `Staff ${role}`,
        role,
        password: DEMO_PASSWORD,
        totpSecret: DEMO_TOTP_SECRET,
        grants: [partner],
      });
    }
  });
  after(() => platform.close());

  /** The trainer's session, signed in once: a TOTP step serves two sign-ins, a third waits 30 s. */
  let trainerSession: Awaited<ReturnType<typeof signIn>> | undefined;
  async function asTrainer() {
    trainerSession ??= await signIn(trainer);
    return trainerSession;
  }

  async function signIn(email: string) {
    const agent = request.agent(app);
    const form = await agent.get('/platform/login').expect(200);
    const res = await agent
      .post('/platform/login')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password: DEMO_PASSWORD, code: await freshTotp(email) });
    assert.equal(res.status, 303);
    return { agent, landing: res.headers.location as string };
  }

  it('lets a trainer create a sandbox from a form, refusing a bad name with the form kept', async () => {
    const { agent, landing } = await asTrainer();
    assert.equal(landing, '/platform/sandboxes');
    const page = await agent.get('/platform/sandboxes?lng=en').expect(200);
    assert.match(page.text, /Training sandboxes/);
    const refused = await agent
      .post('/platform/sandboxes?lng=en')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), slug: 'kurdistan', template: 'kurdistan', trainees: '3', days: '7' })
      .expect(422);
    assert.match(refused.text, /already used by a procurement system/);
    assert.match(refused.text, /name="trainees"[^>]*value="3"/);
    const created = await agent
      .post('/platform/sandboxes?lng=en')
      .type('form')
      .send({
        _csrf: csrfFrom(refused.text),
        slug,
        template: 'kurdistan',
        trainees: '3',
        languages: ['ckb', 'en'],
        days: '7',
      })
      .expect(303);
    assert.equal(created.headers.location, `/platform/sandboxes/${slug}`);
    const dashboard = await agent.get(`/platform/sandboxes/${slug}?lng=en`).expect(200);
    assert.match(dashboard.text, /for 3 trainees/);
    assert.match(dashboard.text, /It runs on the real time/);
    assert.match(dashboard.text, new RegExp(`t03\\.supplier@${slug}\\.sandbox`));
  });

  it('moves the clock forward from the dashboard, and refuses a time in its past with the reason', async () => {
    const { agent } = await asTrainer();
    const dashboard = await agent.get(`/platform/sandboxes/${slug}?lng=en`).expect(200);
    await agent
      .post(`/platform/sandboxes/${slug}/clock?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(dashboard.text), by: '3d' })
      .expect(303);
    const moved = await agent.get(`/platform/sandboxes/${slug}?moved=1&lng=en`).expect(200);
    assert.match(moved.text, /It runs 3 days ahead of the real time/);
    const backward = await agent
      .post(`/platform/sandboxes/${slug}/clock?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(moved.text), at: '2026-01-01T09:00' })
      .expect(409);
    assert.match(backward.text, /only moves forward/);
    assert.doesNotMatch(backward.text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it("prints the trainees' sign-in sheet, and the sandbox's trail records that its passwords were opened", async () => {
    const { agent } = await asTrainer();
    const pdf = await agent
      .get(`/platform/sandboxes/${slug}/handout.pdf?lng=ckb`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal((pdf.body as Buffer).subarray(0, 5).toString(), '%PDF-');
    const sandbox = (await platform.tenancy.resolve(slug))!;
    const entry = await inTenant(sandbox, (tx) =>
      tx('audit_entries').where({ action: 'sandbox.handout-printed' }).first(),
    );
    assert.equal(entry?.summary.trainees, 3);
    assert.equal(entry?.summary.language, 'ckb');
  });

  it("shows the sandbox's kept e-mails to its trainer, and resets it only when the trainer confirms", async () => {
    const { agent } = await asTrainer();
    const outbox = await agent.get(`/platform/sandboxes/${slug}/outbox?lng=en`).expect(200);
    assert.match(outbox.text, /E-mails kept in the sandbox/);
    const dashboard = await agent.get(`/platform/sandboxes/${slug}?lng=en`).expect(200);
    const unconfirmed = await agent
      .post(`/platform/sandboxes/${slug}/reset?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(dashboard.text) })
      .expect(422);
    assert.match(unconfirmed.text, /Tick the box to confirm the reset/);
    await agent
      .post(`/platform/sandboxes/${slug}/reset?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(unconfirmed.text), confirm: '1' })
      .expect(303);
    const after = await agent.get(`/platform/sandboxes/${slug}?reset=1&lng=en`).expect(200);
    assert.match(after.text, /back at its start, on the real time/);
    assert.match(after.text, /It runs on the real time/);
  });

  it("keeps each trainee's e-mail in the sandbox, readable by that trainee only", async () => {
    const sandbox = (await platform.tenancy.resolve(slug))!;
    const services = await platform.services();
    const [card] = await inTenant(sandbox, (tx) => traineeCards(services, tx, sandbox));
    await inTenant(sandbox, (tx) =>
      services.mailer.queue(tx, sandbox, {
        to: traineeEmail(slug, 1, 'supplier'),
        locale: 'en',
        template: 'renewal_reminder',
        params: { name: 'Trainee 1', company: 'Trainee 1 Trading Company', until: '2028-01-31' },
      }),
    );
    const trainee = await signInPages(app, slug, traineeEmail(slug, 1, 'supplier'), {
      base: `/s/${slug}`,
      password: card!.password,
      totpSecret: card!.totpSecret,
    });
    const mine = await trainee.get(`/s/${slug}/my-mail?lng=en`).expect(200);
    assert.match(mine.text, /no e-mail is sent/);
    assert.match(mine.text, new RegExp(`t01\\.supplier@${slug}\\.sandbox`));
    const second = (await inTenant(sandbox, (tx) => traineeCards(services, tx, sandbox)))[1]!;
    const other = await signInPages(app, slug, traineeEmail(slug, 2, 'supplier'), {
      base: `/s/${slug}`,
      password: second.password,
      totpSecret: second.totpSecret,
    });
    const theirs = await other.get(`/s/${slug}/my-mail?lng=en`).expect(200);
    assert.doesNotMatch(theirs.text, new RegExp(`t01\\.supplier@${slug}`));
    // A partner's users have a real mailbox: no such page there.
    await request(app)
      .get(`/t/${partner}/my-mail`)
      .expect((res) => assert.notEqual(res.status, 200));
  });

  it('shows the sandbox banner on the sandbox only, never on a partner', async () => {
    const sandboxHome = await request(app).get(`/s/${slug}/?lng=en`).expect(200);
    assert.match(sandboxHome.text, /Training sandbox: not a real procurement system/);
    const partnerHome = await request(app).get(`/t/${partner}/?lng=en`).expect(200);
    assert.doesNotMatch(partnerHome.text, /sandbox-banner/);
    // Each kind under its own prefix: the other one sends the reader there.
    const wrong = await request(app).get(`/t/${slug}/notices?lng=en`).expect(308);
    assert.equal(wrong.headers.location, `/s/${slug}/notices?lng=en`);
    await request(app).get(`/s/${partner}/`).expect(308);
    // The platform's front page lists partner governments only.
    const front = await request(app).get('/?lng=en').expect(200);
    assert.doesNotMatch(front.text, new RegExp(slug));
  });

  it("keeps another trainer, an agent and a partner's slug out", async () => {
    const other = await signIn(otherTrainer);
    await other.agent.get(`/platform/sandboxes/${slug}`).expect(404);
    const list = await other.agent.get('/platform/sandboxes?lng=en').expect(200);
    assert.doesNotMatch(list.text, new RegExp(slug));
    await other.agent.get(`/platform/sandboxes/${partner}`).expect(404);
    const agent = await signIn(agentEmail);
    await agent.agent.get('/platform/sandboxes').expect(403);
    const page = await other.agent.get('/platform/sandboxes').expect(200);
    await other.agent
      .post(`/platform/sandboxes/${partner}/clock`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), by: '1d' })
      .expect(404);
  });
});
