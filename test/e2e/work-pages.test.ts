import assert from 'node:assert/strict';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import {
  buildNotice,
  buildSupplier,
  buildTenant,
  type Bidder,
  type BuiltNotice,
  type TenderWorld,
} from '../support/factories.js';
import { csrfFrom, freshTotp, signIn, type Agent } from '../support/session.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A UTC instant as a local time of Baghdad (UTC+3, no daylight saving), as the draft form takes it. */
const baghdad = (at: Date) => new Date(at.getTime() + 3 * 3_600_000).toISOString().slice(0, 16);
const days = (at: Date, n: number) => new Date(at.getTime() + n * 86_400_000);

/** The items of one list on the work page (`data-list`), as text without tags. */
function listed(html: string, name: string): string[] {
  const list = new RegExp(`<ul class="work-list" data-list="${name}">([\\s\\S]*?)</ul>`).exec(html)?.[1];
  assert.ok(list !== undefined, `the page has the list ${name}`);
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/[\u2068\u2069]/g, '')
      .replace(/&#x27;/g, "'")
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Signs a demo account in through the pages and returns the agent and where sign-in landed. */
async function signInLanding(world: TenderWorld, role: string): Promise<{ agent: Agent; landed: string }> {
  const email = `${role}@${world.slug}.demo`;
  const agent = request.agent(world.app);
  const form = await agent.get(`/t/${world.slug}/login`).expect(200);
  const first = await agent
    .post(`/t/${world.slug}/login`)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password: DEMO_PASSWORD })
    .expect(303);
  let landed = String(first.headers.location);
  if (landed.includes('/login/second-factor')) {
    const page = await agent.get(landed).expect(200);
    const done = await agent
      .post(`/t/${world.slug}/login/second-factor`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: await freshTotp(`${world.slug}/${email}`) })
      .expect(303);
    landed = String(done.headers.location);
  }
  return { agent, landed };
}

describe('work pages', function () {
  this.timeout(180_000);
  let world: TenderWorld;
  let supplier: Bidder;
  /** Negotiated, opened: the demo evaluator is seated and has not declared. */
  let inEvaluation: BuiltNotice;
  /** Awarded and final, no contract yet. */
  let awarded: BuiltNotice;
  /** Open for bids, with the demo supplier's bid and question; closes within the week. */
  let open: BuiltNotice;
  /** Open for bids in the demo supplier's categories, not bid on. */
  let matching: BuiltNotice;
  let draft: BuiltNotice;

  before(async () => {
    world = await buildTenant('kurdistan', { at: '2026-09-01T07:00:00Z' });
    inEvaluation = await buildNotice(world, {
      state: 'opened',
      fields: {
        title_ckb: 'ڕاوێژکاری بۆ پلانی ئاو',
        title_en: 'Water plan consultancy',
        method: 'negotiated',
        estimatedPrice: 120_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: '2026-09-15T10:00',
        openingAt: '2026-09-15T10:30',
      },
      bidderPrefix: 'NEGO',
      evaluators: 1,
    });
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${inEvaluation.id}/evaluators`)
      .set(world.officer)
      .send({ email: `evaluator@${world.slug}.demo` })
      .expect(201);
    awarded = await buildNotice(world, {
      state: 'awarded',
      fields: {
        title_en: 'School furniture',
        submissionDeadline: '2026-10-01T10:00',
        openingAt: '2026-10-01T10:30',
      },
      bidderPrefix: 'AWD',
    });
    supplier = await buildSupplier(world, { demo: true });
    const final = new Date(awarded.award!.standstillEndsAt);
    open = await buildNotice(world, {
      state: 'open',
      fields: {
        title_en: 'Laboratory equipment',
        submissionDeadline: baghdad(days(final, 20)),
        openingAt: baghdad(days(final, 20.1)),
      },
      bids: [{ by: supplier, price: 80_000_000 }],
    });
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${open.id}/questions`)
      .set(supplier.auth)
      .send({ question: 'May the centrifuges come from two makers?' })
      .expect(201);
    matching = await buildNotice(world, {
      state: 'open',
      fields: {
        title_en: 'Printing paper',
        submissionDeadline: baghdad(days(final, 40)),
        openingAt: baghdad(days(final, 40.1)),
      },
    });
    draft = await buildNotice(world, {
      state: 'draft',
      fields: {
        title_en: 'Vehicle tyres',
        submissionDeadline: baghdad(days(final, 50)),
        openingAt: baghdad(days(final, 50.1)),
      },
    });
    // Three days before the laboratory notice closes: its deadline and opening fall in the coming week.
    await world.setClock(days(final, 17), [supplier]);
  });
  after(() => world.platform.close());

  it("lands the officer on the work page with the agency's notices by stage, the week's dates, questions and tasks", async () => {
    const { agent, landed } = await signInLanding(world, 'officer');
    assert.equal(landed, `/t/${world.slug}/work`);
    const page = (await agent.get(`/t/${world.slug}/work?lng=en`).expect(200)).text;
    assert.match(page, /<h1>My work<\/h1>/);
    assert.match(page, new RegExp(`<a href="/t/${world.slug}/work">My work</a>`), 'the navigation offers My work');

    const notices = listed(page, 'officer-notices');
    assert.deepEqual(
      notices.map((n) => n.replace(/ (Bids close|Opened|Opening) .*$/, '')),
      [
        'Vehicle tyres Draft',
        `${open.noticeNo} Laboratory equipment Open for bids`,
        `${matching.noticeNo} Printing paper Open for bids`,
        `${inEvaluation.noticeNo} Water plan consultancy In evaluation`,
        `${awarded.noticeNo} School furniture Awarded`,
      ],
    );
    assert.ok(draft.id);

    const week = listed(page, 'officer-week');
    assert.equal(week.length, 2, week.join(' | '));
    assert.match(week[0]!, new RegExp(`^Bids close .*\\(in 3 days\\) ${open.noticeNo} Laboratory equipment$`));
    assert.match(week[1]!, new RegExp(`^Opening .* ${open.noticeNo} Laboratory equipment$`));

    const questions = listed(page, 'officer-questions');
    assert.equal(questions.length, 1);
    assert.match(questions[0]!, /May the centrifuges come from two makers\?/);
    assert.match(page, new RegExp(`href="/t/${world.slug}/notices/${open.id}#answer-`));

    const tasks = listed(page, 'officer-tasks');
    assert.deepEqual(tasks, [
      `The committee scores the proposals of ${inEvaluation.noticeNo} Water plan consultancy; close the technical evaluation once every score is in. Open the evaluation`,
      `Generate the contract for ${awarded.noticeNo} School furniture. Generate the contract`,
    ]);
    assert.match(page, new RegExp(`href="/t/${world.slug}/contracts/new\\?award&#x3D;${awarded.award!.id}"`));
    // Times are the tenant's, never raw: no ISO timestamp on the page.
    assert.doesNotMatch(page, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('shows the officer the same page in Central Kurdish, right to left, with translated stages', async () => {
    const agent = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const page = (await agent.get(`/t/${world.slug}/work?lng=ckb`).expect(200)).text;
    assert.match(page, /<html lang="ckb" dir="rtl">/);
    assert.match(page, /<h1>کارەکانم<\/h1>/);
    assert.match(page, /کراوە بۆ ئۆفەر/);
    assert.match(page, /لە هەڵسەنگاندندا/);
    assert.match(listed(page, 'officer-week')[0]!, /^داخستنی وەرگرتنی ئۆفەر .*\(لە ماوەی 3 ڕۆژدا\)/);
  });

  it('lands the supplier on their bids with receipt numbers and times, matching notices, questions', async () => {
    const { agent, landed } = await signInLanding(world, 'supplier');
    assert.equal(landed, `/t/${world.slug}/work`);
    const page = (await agent.get(`/t/${world.slug}/work?lng=en`).expect(200)).text;
    const bids = listed(page, 'supplier-bids');
    assert.equal(bids.length, 1);
    const receipt = open.bids[0]!.receiptNo;
    assert.match(
      bids[0]!,
      new RegExp(`^${open.noticeNo} Laboratory equipment Receipt ${receipt} · received .+ Sealed until the opening`),
    );
    // A receipt, never a price: nothing sealed reaches the page.
    assert.doesNotMatch(page, /80,000,000|80000000/);
    assert.deepEqual(
      listed(page, 'supplier-matching').map((m) => m.replace(/ Bids close .*$/, '')),
      [`${matching.noticeNo} Printing paper Goods`],
    );
    const asked = listed(page, 'supplier-questions');
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /May the centrifuges come from two makers\?.*Waiting for an answer/);
    assert.deepEqual(listed(page, 'supplier-contracts'), ['Your company has no contract yet.']);
    assert.doesNotMatch(page, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('lands the evaluator on the seats, with the declaration to make', async () => {
    const { agent, landed } = await signInLanding(world, 'evaluator');
    assert.equal(landed, `/t/${world.slug}/work`);
    const page = (await agent.get(`/t/${world.slug}/work?lng=en`).expect(200)).text;
    assert.deepEqual(listed(page, 'evaluator-declarations'), [
      `${inEvaluation.noticeNo} Water plan consultancy Declare that you have no conflict of interest with the bidders.`,
    ]);
    assert.deepEqual(listed(page, 'evaluator-scores'), ['No proposal is waiting for your scores.']);
    assert.equal(listed(page, 'evaluator-seats').length, 1);
    assert.match(page, new RegExp(`href="/t/${world.slug}/notices/${inEvaluation.id}/evaluation"`));
  });

  it("tells an evaluator who is not on a tender's committee why its evaluation page is refused", async () => {
    const agent = await signIn(world.app, world.slug, `evaluator@${world.slug}.demo`);
    const refused = await agent.get(`/t/${world.slug}/notices/${awarded.id}/evaluation?lng=en`).expect(403);
    assert.match(refused.text, /You are not on this notice&#x27;s evaluation committee\./);
    assert.match(refused.text, /ask that officer to add you/);
    assert.doesNotMatch(refused.text, /does not have the role/);
    const kurdish = await agent.get(`/t/${world.slug}/notices/${awarded.id}/evaluation?lng=ckb`).expect(403);
    assert.match(kurdish.text, /ئێوە ئەندامی لیژنەی هەڵسەنگاندنی ئەم ڕاگەیاندنە نین/);
    // A supplier, who holds no evaluator role, still gets the role refusal.
    const company = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const notEvaluator = await company.get(`/t/${world.slug}/notices/${awarded.id}/evaluation?lng=en`).expect(403);
    assert.match(notEvaluator.text, /does not have the role/);
  });

  it('lands the auditor on recent activity by area and the state of the chain', async () => {
    const { agent, landed } = await signInLanding(world, 'auditor');
    assert.equal(landed, `/t/${world.slug}/work`);
    const page = (await agent.get(`/t/${world.slug}/work?lng=en`).expect(200)).text;
    assert.match(page, /The chain has not been verified yet\./);
    const activity = listed(page, 'auditor-activity');
    assert.ok(
      activity.some((a) => /^Sign-ins and accounts \d+ Latest /.test(a)),
      activity.join(' | '),
    );
    assert.match(page, new RegExp(`href="/t/${world.slug}/audit\\?action&#x3D;auth\\."`));
    assert.match(page, /Failed sign-ins: 0/);
  });

  it('lands the tenant admin on the registrations and invitations waiting, and the users by role', async () => {
    const registration = request.agent(world.app);
    const form = await registration.get(`/t/${world.slug}/register?lng=en`).expect(200);
    let post = registration.post(`/t/${world.slug}/register?lng=en`).field('_csrf', csrfFrom(form.text));
    const fields = {
      legal_name_ckb: 'کۆمپانیای ڕووناکی',
      legal_name_en: 'Roonaki Trading',
      registration_no: 'RN-7001',
      tax_id: 'TX-7001',
      representative: 'Karwan Aziz',
      address: 'Erbil, 60m Street',
      contact_phone: '+964 750 000 0000',
      name: 'Karwan Aziz',
      email: `roonaki@${world.slug}.example`,
      password: 'river-lantern-copper-77',
      pledge: '1',
    };
    for (const [k, v] of Object.entries(fields)) post = post.field(k, v);
    await post.field('categories', 'goods').attach('documents', PDF, 'certificate.pdf').expect(200);

    const { agent, landed } = await signInLanding(world, 'tenant-admin');
    assert.equal(landed, `/t/${world.slug}/work`);
    const users = await agent.get(`/t/${world.slug}/admin/users`).expect(200);
    await agent
      .post(`/t/${world.slug}/admin/users`)
      .type('form')
      .send({
        _csrf: csrfFrom(users.text),
        email: `shirin@${world.slug}.example`,
        displayName: 'Shirin Ahmed',
        roles: 'auditor',
        agencyId: '',
      })
      .expect(303);

    const page = (await agent.get(`/t/${world.slug}/work?lng=en`).expect(200)).text;
    const waiting = listed(page, 'admin-suppliers');
    assert.equal(waiting.length, 1, waiting.join(' | '));
    assert.match(waiting[0]!, /Roonaki Trading RN-7001 New registration/);
    const invitations = listed(page, 'admin-invitations');
    assert.equal(invitations.length, 1);
    assert.match(invitations[0]!, /Shirin Ahmed shirin@.* Auditor · invited .* Waiting for the person to accept/);
    assert.match(page, /<dt>Procurement officer<\/dt><dd>2<\/dd>/);
    assert.match(page, /<dt>Auditor<\/dt><dd>2<\/dd>/);
  });

  it('keeps a safe return address after sign-in, and refuses one that leaves the tenant', async () => {
    const agent = request.agent(world.app);
    const wanted = `/t/${world.slug}/supplier`;
    const form = await agent.get(`/t/${world.slug}/login?next=${encodeURIComponent(wanted)}`).expect(200);
    const kept = await agent
      .post(`/t/${world.slug}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `supplier@${world.slug}.demo`, password: DEMO_PASSWORD, next: wanted })
      .expect(303);
    assert.equal(kept.headers.location, wanted);
    const other = request.agent(world.app);
    const form2 = await other.get(`/t/${world.slug}/login`).expect(200);
    const away = await other
      .post(`/t/${world.slug}/login`)
      .type('form')
      .send({
        _csrf: csrfFrom(form2.text),
        email: `supplier@${world.slug}.demo`,
        password: DEMO_PASSWORD,
        next: '//evil.example/',
      })
      .expect(303);
    assert.equal(away.headers.location, `/t/${world.slug}/work`);
  });
});
