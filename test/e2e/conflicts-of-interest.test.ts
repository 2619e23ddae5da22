/**
 * Conflicts of interest end to end (issue 21): a company registers its owners and directors (id
 * numbers seen by the tenant admin, never on public pages nor in the audit trail); an evaluator's
 * declared relation or own name matching a bidder blocks the seat, tells the officer by e-mail and
 * on the evaluation page, and is audited, while an unrelated evaluator declares as before; and the
 * shared-owner red flag, raised when two bidders share a director, not for namesakes.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { recomputeNotice } from '../../server/integrity/recompute.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import {
  buildNotice,
  buildSupplier,
  buildSuppliers,
  type Bidder,
  type BuiltNotice,
  type TenderWorld,
  buildTenant,
} from '../support/factories.js';
import { addStaff } from '../support/bidders.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

const START = '2026-09-01T01:00:00Z';
const M = 1_000_000;
const local = (day: string) => ({ submissionDeadline: `${day}T10:00`, openingAt: `${day}T11:00` });

/** A copy of the shipped tenants where korea publishes its red flags. */
function tenantsPublishingFlags(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conflicts-tenants-'));
  cpSync('tenants', dir, { recursive: true });
  for (const file of readdirSync(dir).filter((f) => f === 'korea.yaml')) {
    const text = readFileSync(path.join(dir, file), 'utf8').replace(
      '  publicRedFlags: false',
      '  publicRedFlags: true',
    );
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

type Person = { name: string; role: 'owner' | 'director'; id?: string };

/** Registers people for a company straight in its table (the forms are driven in the first test). */
async function givePeople(world: TenderWorld, bidder: Bidder, people: Person[]): Promise<void> {
  await inTenant(world.tenant, (tx) =>
    tx('supplier_people').insert(
      people.map((p, position) => ({
        supplier_id: bidder.supplierId,
        full_name: p.name,
        role: p.role,
        id_number: p.id ?? null,
        position,
      })),
    ),
  );
}

async function auditActions(world: TenderWorld, targetId: string): Promise<{ action: string; summary: unknown }[]> {
  return inTenant(world.tenant, (tx) =>
    tx('audit_entries').where({ target_id: targetId }).orderBy('seq').select('action', 'summary'),
  );
}

describe('conflicts of interest (korea)', function () {
  this.timeout(300_000);
  let world: TenderWorld;
  const base = () => `/t/${world.slug}`;

  before(async () => {
    world = await buildTenant('korea', { at: START, env: { TENANTS_DIR: tenantsPublishingFlags() } });
  });
  after(() => world.platform.close());

  let adminSession: Promise<Agent> | undefined;
  const tenantAdmin = () => (adminSession ??= signIn(world.app, world.slug, `tenant-admin@${world.slug}.demo`));

  it('registers a company with its owners and directors; the tenant admin sees their id numbers, the audit trail does not', async () => {
    const agent = request.agent(world.app);
    const form = await agent.get(`${base()}/register?lng=en`).expect(200);
    assert.match(form.text, /Owners and directors/);
    const fields: Record<string, string> = {
      legal_name_ko: '정직건설 주식회사',
      legal_name_en: 'Honest Construction Co.',
      registration_no: 'COI-REG-01',
      tax_id: 'TX-COI-01',
      representative: '박정직',
      address: '서울 중구 세종대로 110',
      contact_phone: '+82 2 555 0100',
      name: '박정직',
      email: 'coi-reg@example.kr',
      password: 'river-lantern-copper-77',
      pledge: '1',
      categories: 'works',
    };
    let csrf = csrfFrom(form.text);
    const send = (people: Record<string, string>) => {
      let req = agent.post(`${base()}/register?lng=en`).field('_csrf', csrf);
      for (const [k, v] of Object.entries({ ...fields, ...people })) req = req.field(k, v);
      return req;
    };
    // An id number without a name is refused, with the form shown again.
    const refused = await send({ person_0_id: '800101-1234567' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Give the person&#x27;s full name, or clear the row\./);
    csrf = csrfFrom(refused.text);
    const post = send({
      person_0_name: '박정직',
      person_0_role: 'owner',
      person_0_id: '800101-1234567',
      person_1_name: 'Choi  Director',
      person_1_role: 'director',
      person_2_name: '',
    });
    const done = await post;
    assert.equal(done.status, 200, done.text.slice(0, 400));

    const supplier = await inTenant(world.tenant, (tx) =>
      tx('suppliers').where({ registration_no: 'COI-REG-01' }).first<{ id: string }>('id'),
    );
    const people = await inTenant(world.tenant, (tx) =>
      tx('supplier_people')
        .where({ supplier_id: supplier.id })
        .orderBy('position')
        .select('full_name', 'role', 'id_number'),
    );
    assert.deepEqual(people, [
      { full_name: '박정직', role: 'owner', id_number: '800101-1234567' },
      { full_name: 'Choi  Director', role: 'director', id_number: null },
    ]);
    const [registered] = await auditActions(world, supplier.id);
    assert.equal(registered!.action, 'supplier.registered');
    assert.ok(JSON.stringify(registered!.summary).includes('Choi  Director'));
    assert.ok(!JSON.stringify(registered!.summary).includes('800101'), 'no id number in the audit trail');

    const admin = await tenantAdmin();
    const file = (await admin.get(`${base()}/admin/suppliers/${supplier.id}?lng=en`).expect(200)).text;
    assert.match(file, /800101-1234567/);
    assert.match(file, /Owner/);
    const auditor = await signIn(world.app, world.slug, `auditor@${world.slug}.demo`);
    const forAuditor = (await auditor.get(`${base()}/conflicts/suppliers/${supplier.id}/people?lng=en`).expect(200))
      .text;
    assert.match(forAuditor, /Owners and directors of Honest Construction Co\./);
    assert.match(forAuditor, /800101-1234567/);
    const anonymous = await request(world.app).get(`${base()}/conflicts/suppliers/${supplier.id}/people`);
    assert.equal(anonymous.status, 302);
  });

  let notice: BuiltNotice;
  let demo: Bidder;
  let rival: Bidder;

  it('lets a supplier admin change its owners and directors on its own page (audited without id numbers)', async () => {
    demo = await buildSupplier(world, { demo: true });
    const supplier = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const page = await supplier.get(`${base()}/supplier?lng=en`).expect(200);
    await supplier
      .post(`${base()}/supplier/people?lng=en`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        person_0_name: 'Han Seo-yeon',
        person_0_role: 'director',
        person_0_id: 'M12345678',
        person_1_name: 'Lee Ji-eun',
        person_1_role: 'owner',
        person_1_id: '900202-2000001',
        person_2_name: '',
        person_2_role: 'owner',
      })
      .expect(303);
    const again = (await supplier.get(`${base()}/supplier?lng=en`).expect(200)).text;
    assert.match(again, /Han Seo-yeon/);
    assert.match(again, /M12345678/, 'its own administrator sees what it gave');
    const changed = (await auditActions(world, demo.supplierId)).find((a) => a.action === 'supplier.people-changed');
    assert.ok(changed && JSON.stringify(changed.summary).includes('Han Seo-yeon'));
    assert.ok(!JSON.stringify(changed.summary).includes('M12345678'));
  });

  it('blocks an evaluator who declared a relation to a bidding company, tells the officer, and audits it', async () => {
    rival = (await buildSuppliers(world, 1, 'RIVAL'))[0]!;
    // A namesake of the demo company's owner, with another id number: another person.
    await givePeople(world, rival!, [
      { name: 'Kim Min-jun', role: 'director' },
      { name: 'Lee Ji-eun', role: 'owner', id: '910303-2000002' },
    ]);
    await world.setClock(START);
    notice = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'C 이해충돌 시험', title_en: 'C conflict test', ...local('2026-09-12') },
      bids: [
        { by: demo, price: 92 * M },
        { by: rival!, price: 94 * M },
      ],
    });
    // A lowest-price committee is seated by the officer after the opening.
    notice.evaluators = await addStaff(world.tenant, 3, 'evaluator', 'COIEVAL');
    for (const e of notice.evaluators)
      await request(world.app)
        .post(`${base()}/api/v1/notices/${notice.id}/evaluators`)
        .set(world.officer)
        .send({ email: e.email })
        .expect(201);
    const [related] = notice.evaluators;

    const evaluator = await signIn(world.app, world.slug, related!.email);
    const account = (await evaluator.get(`${base()}/account?lng=en`).expect(200)).text;
    assert.match(account, /\/account\/relations/);
    const relations = await evaluator.get(`${base()}/account/relations?lng=en`).expect(200);
    const empty = await evaluator
      .post(`${base()}/account/relations?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(relations.text), kind: 'family' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Give a company registration number, a person&#x27;s name, or both\./);
    await evaluator
      .post(`${base()}/account/relations?lng=en`)
      .type('form')
      .send({
        _csrf: csrfFrom(relations.text),
        company_registration_no: ` ${rival!.registrationNo.toLowerCase()} `,
        kind: 'former-employer',
        note: 'I worked there until 2024.',
      })
      .expect(303);
    const listed = (await evaluator.get(`${base()}/account/relations?lng=en`).expect(200)).text;
    assert.match(listed, /Former employer/);

    const evaluation = await evaluator.get(`${base()}/notices/${notice.id}/evaluation?lng=en`).expect(200);
    const refused = await evaluator
      .post(`${base()}/notices/${notice.id}/evaluation/declare?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(evaluation.text) });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /You cannot declare that you have no conflict of interest/);
    assert.ok(refused.text.includes(rival!.registrationNo));

    const seat = await inTenant(world.tenant, (tx) =>
      tx('evaluators')
        .where({ notice_id: notice.id, user_id: related!.userId })
        .first<{ status: string; declined_reason: string; assigned_by: string }>(
          'status',
          'declined_reason',
          'assigned_by',
        ),
    );
    assert.deepEqual([seat.status, seat.declined_reason], ['declined', 'conflict-of-interest']);
    // Blocked for good: nothing of the bids is shown.
    await request(world.app)
      .post(`${base()}/api/v1/notices/${notice.id}/evaluation/declaration`)
      .set(related!.auth)
      .expect(403);

    const actions = await auditActions(world, notice.id);
    const blocked = actions.find((a) => a.action === 'evaluation.seat-blocked');
    assert.ok(blocked, 'the block is audited');
    assert.match(JSON.stringify(blocked.summary), /declared-company/);
    assert.ok(!actions.some((a) => a.action === 'evaluation.conflict-declared'));
    const declaredRelation = await auditActions(world, related!.userId);
    assert.ok(declaredRelation.some((a) => a.action === 'conflicts.relation-declared'));

    const officer = await inTenant(world.tenant, (tx) =>
      tx('users').where({ id: seat.assigned_by }).first<{ email: string; locale: string | null }>('email', 'locale'),
    );
    const mail = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: officer.email })
        .where('subject', 'like', `%${notice.noticeNo}%`)
        .orderBy('created_at', 'desc')
        .first<{ subject: string; body_text: string; locale: string }>('subject', 'body_text', 'locale'),
    );
    assert.ok(mail, 'the officer is told by e-mail');
    assert.equal(mail.locale, officer.locale ?? 'ko');
    assert.ok(mail.body_text.includes(rival!.registrationNo));

    const officerPages = await signIn(world.app, world.slug, officer.email);
    const officerView = (await officerPages.get(`${base()}/notices/${notice.id}/evaluation?lng=en`).expect(200)).text;
    assert.match(officerView, /cannot sit on this committee: conflict of interest with/);
    assert.match(officerView, /Seat another evaluator\./);
  });

  it('blocks an evaluator whose own name is a bidder’s director (case and spacing aside); an unrelated one declares', async () => {
    const [, namesake, unrelated] = notice.evaluators;
    await inTenant(world.tenant, (tx) =>
      tx('users').where({ id: namesake!.userId }).update({ display_name: '  KIM   min-jun ' }),
    );
    const res = await request(world.app)
      .post(`${base()}/api/v1/notices/${notice.id}/evaluation/declaration?lng=en`)
      .set(namesake!.auth)
      .expect(409);
    assert.match(String(res.headers['content-type']), /problem\+json/);
    const blocked = await inTenant(world.tenant, (tx) =>
      tx('seat_conflicts as c')
        .join('evaluators as e', 'e.id', 'c.evaluator_id')
        .where({ 'e.user_id': namesake!.userId })
        .first<{ matches: { reason: string; person?: { fullName: string } }[] }>('c.matches'),
    );
    assert.deepEqual(
      blocked.matches.map((m) => [m.reason, m.person?.fullName]),
      [['own-name', 'Kim Min-jun']],
    );

    await request(world.app)
      .post(`${base()}/api/v1/notices/${notice.id}/evaluation/declaration`)
      .set(unrelated!.auth)
      .expect(204);
    const seat = await inTenant(world.tenant, (tx) =>
      tx('evaluators').where({ notice_id: notice.id, user_id: unrelated!.userId }).first<{ status: string }>('status'),
    );
    assert.equal(seat.status, 'declared');
  });

  it('keeps owners, directors and their id numbers off the public pages', async () => {
    for (const page of [`/notices/${notice.id}?lng=en`, `/api/v1/notices/${notice.id}/opening`]) {
      const res = await request(world.app).get(`${base()}${page}`);
      assert.ok(res.status < 400, `${page}: ${res.status}`);
      for (const secret of ['Han Seo-yeon', 'M12345678', 'Kim Min-jun', '900202'])
        assert.ok(!res.text.includes(secret), `${secret} on ${page}`);
    }
  });

  it('raises the shared-owner flag when two bidders share a director, not for namesakes; the public reads a count', async () => {
    const services = await world.platform.services();
    await recomputeNotice(services, world.tenant, notice.id);
    const namesakes = await inTenant(world.tenant, (tx) =>
      tx('integrity_flags').where({ subject_id: notice.id, flag_id: 'shared-owner' }).first(),
    );
    assert.equal(namesakes, undefined, 'two people named Lee Ji-eun with different id numbers are two people');

    const [first, second] = await buildSuppliers(world, 2, 'SHARE');
    await givePeople(world, first!, [{ name: 'Oh Dae-su', role: 'director', id: 'P-7788-99' }]);
    await givePeople(world, second!, [{ name: 'OH  dae-su', role: 'owner', id: 'P-7788-99' }]);
    await world.setClock(START);
    const shared = await buildNotice(world, {
      state: 'opened',
      fields: { title_ko: 'D 소유자 공유 시험', title_en: 'D shared owner test', ...local('2026-09-12') },
      bids: [
        { by: first!, price: 93 * M },
        { by: second!, price: 96 * M },
      ],
    });
    await recomputeNotice(services, world.tenant, shared.id);
    const flag = await inTenant(world.tenant, (tx) =>
      tx('integrity_flags')
        .where({ subject_id: shared.id, flag_id: 'shared-owner' })
        .first<{ evidence: { groups: { person: string; byIdNumber: boolean }[] }; supplier_ids: string[] }>(
          'evidence',
          'supplier_ids',
        ),
    );
    assert.ok(flag, 'the shared director raises the flag');
    assert.deepEqual(flag.supplier_ids.sort(), [first!.supplierId, second!.supplierId].sort());
    // One person, whichever company's spelling names them.
    assert.deepEqual(
      flag.evidence.groups.map((g) => [g.person.toLowerCase().replace(/\s+/g, ' '), g.byIdNumber]),
      [['oh dae-su', true]],
    );
    assert.ok(!JSON.stringify(flag.evidence).includes('P-7788-99'), 'no id number in the evidence');

    const auditor = await signIn(world.app, world.slug, `auditor@${world.slug}.demo`);
    const dashboard = (await auditor.get(`${base()}/integrity?lng=en&flag=shared-owner`).expect(200)).text;
    assert.match(dashboard, /Bidders sharing an owner or director/);
    assert.match(
      dashboard,
      /share an owner or director: (Oh Dae-su|OH {2}dae-su) \((Director and Owner|Owner and Director)\), with the same identity number\./,
    );
    assert.ok(!dashboard.includes('P-7788-99'));
    const supplierFlags = (await auditor.get(`${base()}/integrity/suppliers/${first!.supplierId}?lng=en`).expect(200))
      .text;
    assert.ok(supplierFlags.includes(`/conflicts/suppliers/${first!.supplierId}/people`));

    const publicPage = (await request(world.app).get(`${base()}/integrity/public?lng=en`).expect(200)).text;
    assert.match(publicPage, /2 bidders share an owner or director\./);
    for (const secret of ['Oh Dae-su', 'P-7788-99', 'Han Seo-yeon'])
      assert.ok(!publicPage.includes(secret), `${secret} on the public page`);
  });
});
