/**
 * Mutual checks (maker-checker) for the five actions beyond publishing and cancelling a notice,
 * on a copy of the shipped tenants where korea's `mutual-checks` rule names them: issuing an
 * addendum, awarding, generating a direct contract, approving and debarring a supplier. For each:
 * the maker's action answers 202 and changes nothing; the maker, and an officer of another agency,
 * may not approve it (403); a second person of the same agency (another tenant administrator for
 * suppliers) approves and the change is made then, the audit trail naming both. A returned request
 * changes nothing, and lets go of the files it held; a waiting request blocks the other changes.
 */
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { tenantsWithRule } from '../support/tenant-copies.js';
import { KOREA_TENDER } from '../support/award-fixture.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';
import { tenantBase } from '../support/tender.js';

const START = '2026-09-01T01:00:00Z';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** A copy of the shipped tenants where korea puts the five actions under a second person's check. */
const tenantsWithChecks = () =>
  tenantsWithRule('korea', {
    id: 'mutual-checks',
    // Version 2: the other mutual-checks test's copy has its own version 1.
    version: 2,
    effectiveFrom: '2026-01-01',
    source: 'mutual checks test, more actions',
    value: '{ actions: [notice-addendum, award, direct-contract, supplier-approve, supplier-debar] }',
  });

interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_label: string | null;
  summary: Record<string, unknown>;
}

describe('mutual checks: addenda, awards, direct contracts, supplier approval and debarment', function () {
  this.timeout(300_000);
  let world: TenderWorld;
  let base: string;
  let maker: Agent;
  let checker: Agent;
  let stranger: Agent;
  let admin: Agent;
  let secondAdmin: Agent;
  const ids: Record<string, string> = {};

  const db = <T>(work: (tx: Knex.Transaction) => Promise<T>) => inTenant(world.tenant, work);
  const api = (p: string) => `${base}/api/v1${p}`;
  const email = (who: string) => `${who}@${world.slug}.demo`;

  async function decide(as: Agent, id: string, decision: 'approve' | 'refuse', fields: Record<string, string> = {}) {
    const page = await as.get(`${base}/admin/approvals?lng=en`).expect(200);
    return as
      .post(`${base}/admin/approvals/${id}/${decision}?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }

  /** The maker and an officer of another agency are refused; the second person approves. */
  async function fourEyes(id: string, makerAgent: Agent, second: Agent): Promise<void> {
    assert.equal((await decide(makerAgent, id, 'approve')).status, 403);
    assert.equal((await decide(stranger, id, 'approve')).status, 403);
    const done = await decide(second, id, 'approve');
    assert.equal(done.status, 303, done.text.slice(0, 400));
  }

  async function trail(targetId: string): Promise<AuditRow[]> {
    return db((tx) => tx('audit_entries').where({ target_id: targetId }).orderBy('seq').select<AuditRow[]>('*'));
  }

  /** approval.requested by the maker, approval.approved by the checker, then the effect, naming the request. */
  async function assertTrail(
    targetId: string,
    approvalId: string,
    effect: string,
    who: { maker: string; checker: string },
  ) {
    const rows = await trail(targetId);
    const requested = rows.find((r) => r.action === 'approval.requested' && r.summary.approvalId === approvalId);
    const approved = rows.find((r) => r.action === 'approval.approved' && r.summary.approvalId === approvalId);
    const made = rows.find(
      (r) =>
        r.action === effect && (r.summary.checked as { approvalId?: string } | undefined)?.approvalId === approvalId,
    );
    assert.equal(requested?.actor_label, who.maker);
    assert.equal(approved?.actor_label, who.checker);
    assert.equal(made?.actor_label, who.checker);
    assert.equal((made.summary.checked as { requestedBy: string }).requestedBy, who.maker);
    assert.ok(rows.indexOf(requested) < rows.indexOf(approved) && rows.indexOf(approved) < rows.indexOf(made));
  }

  before(async () => {
    world = await buildTenant('korea', { at: START, env: { TENANTS_DIR: tenantsWithChecks() } });
    base = tenantBase(world);
    await db(async (tx) => {
      const demo = await tx('users')
        .where({ email: email('officer') })
        .first<{ password_hash: string; totp_secret_sealed: string; totp_enabled_at: Date }>(
          'password_hash',
          'totp_secret_sealed',
          'totp_enabled_at',
        );
      const secrets = demo;
      const [other] = await tx('agencies')
        .insert({ code: 'ROADS', name: JSON.stringify({ ko: '도로청', en: 'Roads Agency' }) })
        .returning<{ id: string }[]>('id');
      const admin = await tx('users')
        .where({ email: email('tenant-admin') })
        .first<Record<string, unknown>>('password_hash', 'totp_secret_sealed', 'totp_enabled_at');
      const verified = { email_verified_at: tx.raw('app_now()'), locale: 'en' };
      // The demo's second officer of the agency (checker@) is seeded with it.
      await tx('users')
        .where({ email: email('checker') })
        .update({ locale: 'en' });
      await tx('users').insert([
        {
          email: email('roads'),
          display_name: 'Roads Officer',
          roles: ['officer'],
          agency_id: other!.id,
          ...secrets,
          ...verified,
        },
        { email: email('second-admin'), display_name: 'Second Admin', roles: ['tenant-admin'], ...admin, ...verified },
      ]);
    });
    maker = await signIn(world.app, world.slug, email('officer'));
    checker = await signIn(world.app, world.slug, email('checker'));
    stranger = await signIn(world.app, world.slug, email('roads'));
    admin = await signIn(world.app, world.slug, email('tenant-admin'));
    secondAdmin = await signIn(world.app, world.slug, email('second-admin'));
  });
  after(() => world?.platform.close());

  it('an addendum waits, its file held, until a second officer of the agency approves it', async () => {
    const notice = await buildNotice(world, {
      state: 'open',
      fields: { title_ko: '상호점검 정정', submissionDeadline: KOREA_TENDER.deadline, openingAt: KOREA_TENDER.opening },
    });
    ids.addendumNotice = notice.id;
    const state = () =>
      db((tx) => tx('notices').where({ id: notice.id }).first<{ revision: number; submission_deadline: Date }>());
    const documents = () =>
      db((tx) => tx('notice_documents').where({ notice_id: notice.id }).select<{ id: string }[]>('id'));
    const before = await state();
    const documentsBefore = (await documents()).length;

    const asked = await request(world.app)
      .post(api(`/notices/${notice.id}/addenda`))
      .set(world.officer)
      .field('summary', 'Delivery site changed; annex added.')
      .field('submissionDeadline', '2026-09-20T10:00')
      .field('openingAt', '2026-09-20T11:00')
      .attach('documents', PDF, 'annex.pdf');
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    assert.equal(asked.body.status, 'awaiting-check');
    const approvalId = asked.body.approvalId as string;
    assert.equal((await state()).revision, before.revision);
    assert.equal((await documents()).length, documentsBefore);
    const held = await db((tx) =>
      tx('held_notice_documents').where({ approval_id: approvalId }).select<{ id: string }[]>('id'),
    );
    assert.equal(held.length, 1);

    // Another addendum, or a cancellation, waits for the decision.
    await request(world.app)
      .post(api(`/notices/${notice.id}/addenda`))
      .set(world.officer)
      .send({ summary: 'Another change meanwhile.' })
      .expect(409);

    const list = await checker.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.match(list.text, /Issue an addendum to the notice/);
    assert.match(list.text, /annex\.pdf/);
    const desk = await maker.get(`${base}/notices-desk/${notice.id}?lng=en`).expect(200);
    assert.match(desk.text, /id="pending-check"/);

    await fourEyes(approvalId, maker, checker);
    const after = await state();
    assert.equal(after.revision, before.revision + 1);
    const stored = (await documents()).map((d) => d.id);
    assert.ok(stored.includes(held[0]!.id), 'the held file is stored under the id it was given');
    assert.equal((await db((tx) => tx('held_notice_documents').where({ approval_id: approvalId }))).length, 0);
    await assertTrail(notice.id, approvalId, 'notice.addendum-issued', {
      maker: email('officer'),
      checker: email('checker'),
    });
  });

  it('a returned addendum changes nothing and lets its file go', async () => {
    const id = ids.addendumNotice!;
    const before = await db((tx) => tx('notices').where({ id }).first<{ revision: number }>());
    const asked = await request(world.app)
      .post(api(`/notices/${id}/addenda`))
      .set(world.officer)
      .field('summary', 'A second annex nobody checked.')
      .attach('documents', PDF, 'second.pdf')
      .expect(202);
    const approvalId = asked.body.approvalId as string;
    const refused = await decide(checker, approvalId, 'refuse', { reason: 'The annex is not the signed version.' });
    assert.equal(refused.status, 303);
    const after = await db((tx) => tx('notices').where({ id }).first<{ revision: number }>());
    assert.equal(after.revision, before.revision);
    assert.equal((await db((tx) => tx('held_notice_documents').where({ approval_id: approvalId }))).length, 0);
    const status = await db((tx) => tx('approvals').where({ id: approvalId }).first<{ status: string }>('status'));
    assert.equal(status.status, 'refused');
  });

  it('an award waits for a second officer; another award is refused meanwhile', async () => {
    const demo = await buildSupplier(world, { demo: true });
    const notice = await buildNotice(world, {
      state: 'evaluated',
      plan: KOREA_TENDER.planTitle,
      fields: {
        ...KOREA_TENDER.noticeTitle,
        estimatedPrice: 95_000_000,
        baseAmount: 95_000_000,
        submissionDeadline: KOREA_TENDER.deadline,
        openingAt: KOREA_TENDER.opening,
      },
      bids: [{ by: demo, price: 88_000_000 }, { price: 93_000_000 }],
      bidderPrefix: 'RIVAL',
      openAt: KOREA_TENDER.openAt,
    });
    ids.awardNotice = notice.id;
    const asked = await request(world.app)
      .post(api(`/notices/${notice.id}/award`))
      .set(world.officer);
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const approvalId = asked.body.approvalId as string;
    const awards = () => db((tx) => tx('awards').where({ notice_id: notice.id }).select<{ id: string }[]>('id'));
    assert.equal((await awards()).length, 0);
    await request(world.app)
      .post(api(`/notices/${notice.id}/award`))
      .set(world.officer)
      .expect(409);

    const list = await checker.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.match(list.text, /Award the notice/);
    assert.match(list.text, /₩88,000,000/);

    await fourEyes(approvalId, maker, checker);
    assert.equal((await awards()).length, 1);
    await assertTrail(notice.id, approvalId, 'award.published', { maker: email('officer'), checker: email('checker') });
  });

  it('a direct contract waits for a second officer of the agency', async () => {
    const noticeId = ids.awardNotice!;
    const award = await db((tx) =>
      tx('awards').where({ notice_id: noticeId }).first<{ id: string; standstill_ends_at: Date; amount: string }>(),
    );
    await world.setClock(new Date(award.standstill_ends_at.getTime() + 60_000));
    await request(world.app)
      .post(api(`/notices/${noticeId}/award/finalize`))
      .set(world.officer)
      .expect(200);
    await db((tx) => tx('notices').where({ id: noticeId }).update({ method: 'direct' }));
    const body = {
      awardId: award.id,
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      deliverables: [
        { title: 'Goods delivered', amount: Number(award.amount), dueOn: '2026-12-01', safetyRelated: false },
      ],
    };
    const asked = await request(world.app).post(api('/contracts')).set(world.officer).send(body);
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const approvalId = asked.body.approvalId as string;
    const contracts = () => db((tx) => tx('contracts').where({ award_id: award.id }).select<{ id: string }[]>('id'));
    assert.equal((await contracts()).length, 0);

    const list = await checker.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.match(list.text, /Generate the direct contract of the notice/);

    await fourEyes(approvalId, maker, checker);
    const made = await contracts();
    assert.equal(made.length, 1);
    // The request is about the notice; the contract's own entry names the request and its maker.
    const decided = (await trail(noticeId)).filter((r) => r.summary.approvalId === approvalId);
    assert.deepEqual(
      decided.map((r) => [r.action, r.actor_label]),
      [
        ['approval.requested', email('officer')],
        ['approval.approved', email('checker')],
      ],
    );
    const generated = (await trail(made[0]!.id)).find((r) => r.action === 'contract.generated');
    assert.equal(generated?.actor_label, email('checker'));
    assert.deepEqual(generated.summary.checked, { approvalId, requestedBy: email('officer') });
  });

  it('approving and debarring a supplier wait for another tenant administrator', async () => {
    const supplierId = await db(async (tx) => {
      const [row] = await tx('suppliers')
        .insert({
          legal_name: JSON.stringify({ en: 'Checked Supplies Ltd.' }),
          registration_no: '777-77-77777',
          tax_id: 'TAX-777',
          representative: 'Kim',
          address: 'Market Street 7',
          contact_email: 'checked@example.test',
          contact_phone: '+00 000 0000',
          status: 'pending',
        })
        .returning<{ id: string }[]>('id');
      return row!.id;
    });
    const supplier = () =>
      db((tx) => tx('suppliers').where({ id: supplierId }).first<{ status: string; debarred_until: Date | null }>());
    const filePage = await admin.get(`${base}/admin/suppliers/${supplierId}?lng=en`).expect(200);
    const sent = await admin
      .post(`${base}/admin/suppliers/${supplierId}/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(filePage.text) })
      .expect(303);
    assert.match(String(sent.headers.location), /\?sent=check$/);
    assert.equal((await supplier()).status, 'pending');
    const shown = await admin.get(`${base}/admin/suppliers/${supplierId}?sent=check&lng=en`).expect(200);
    assert.match(shown.text, /Sent for a mutual check/);
    assert.match(shown.text, /Approve the registration of/);
    assert.doesNotMatch(shown.text, /\/approve"/, 'no decision is offered while one waits');
    // Rejecting waits for the decision on the approval.
    await admin
      .post(`${base}/admin/suppliers/${supplierId}/reject`)
      .type('form')
      .send({ _csrf: csrfFrom(shown.text), reason: 'Meanwhile' })
      .expect(409);
    const approval = await db((tx) =>
      tx('approvals').where({ target_id: supplierId, status: 'pending' }).first<{ id: string; kind: string }>(),
    );
    assert.equal(approval.kind, 'supplier-approve');
    await fourEyes(approval.id, admin, secondAdmin);
    assert.equal((await supplier()).status, 'approved');
    await assertTrail(supplierId, approval.id, 'supplier.approved', {
      maker: email('tenant-admin'),
      checker: email('second-admin'),
    });

    const page = await admin.get(`${base}/admin/suppliers/${supplierId}?lng=en`).expect(200);
    await admin
      .post(`${base}/admin/suppliers/${supplierId}/debar`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), until: '2027-03-31', reason: 'Collusion found by the fair-trade office.' })
      .expect(303);
    assert.equal((await supplier()).debarred_until, null);
    const debarment = await db((tx) =>
      tx('approvals').where({ target_id: supplierId, status: 'pending' }).first<{ id: string; kind: string }>(),
    );
    assert.equal(debarment.kind, 'supplier-debar');
    const list = await secondAdmin.get(`${base}/admin/approvals?lng=en`).expect(200);
    assert.match(list.text, /Debar .*Checked Supplies Ltd\..* until the end of .*March 31, 2027/s);
    await admin
      .post(`${base}/admin/suppliers/${supplierId}/lift-debarment`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(409);
    await fourEyes(debarment.id, admin, secondAdmin);
    assert.ok((await supplier()).debarred_until);
    await assertTrail(supplierId, debarment.id, 'supplier.debarred', {
      maker: email('tenant-admin'),
      checker: email('second-admin'),
    });
  });
});
