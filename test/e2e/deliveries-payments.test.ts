import assert from 'node:assert/strict';
import request from 'supertest';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { JOB_TYPES } from '../../server/jobs/catalog.js';
import { jobHandlers } from '../../server/job-registry.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { NIGHTLY } from '../../server/jobs/schedules.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildSupplier, buildTenant, type Bidder, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

const CHECKS = ['certificate_of_conformity', 'safety_marking', 'test_report', 'packaging'];
const allPassed = Object.fromEntries(CHECKS.map((k) => [k, 'pass']));

interface Problem {
  title: string;
  errors: { field: string; code: string; message: string }[];
}
interface Step {
  kind: string;
  at: string;
  params: Record<string, unknown>;
  entries?: { action: string; entryHash: string; clientAddress?: string | null }[];
}
const problem = (res: { body: unknown }) => res.body as Problem;
const steps = (res: { body: unknown }) => (res.body as { steps: Step[] }).steps;
const bodyOf = <T = { id: string }>(res: { body: unknown }) => res.body as T;

describe('deliveries, inspection, invoices and payments on a korea contract', () => {
  let world: TenderWorld;
  let contract: { noticeId: string; contractId: string; deliverables: { id: string }[]; supplier: Bidder };
  const invoices: Record<string, string> = {};
  let officerPages: Agent;
  const api = (path: string) => `/t/${world.slug}/api/v1${path}?lng=en`;
  const supplier = () => contract.supplier.auth;
  const deliverable = (n: number) => contract.deliverables[n - 1]!.id;
  const moveTo = (at: string) => world.setClock(at, [contract.supplier]);
  const deliver = (n: number) =>
    request(world.app)
      .post(api(`/deliverables/${deliverable(n)}/deliveries`))
      .set(supplier())
      .send({ note: 'Lorry 1' });
  const inspect = (deliveryId: string, body: Record<string, unknown>) =>
    request(world.app)
      .post(api(`/deliveries/${deliveryId}/inspection`))
      .set(world.officer)
      .send(body);
  const invoice = (n: number, amount: number) =>
    request(world.app)
      .post(api(`/deliverables/${deliverable(n)}/invoices`))
      .set(supplier())
      .send({ amount });
  const rows = (table: string, where: Record<string, unknown> = {}) =>
    inTenant(world.tenant, (tx) => tx(table).where(where).select<Record<string, unknown>[]>());
  /** A bearer token of the demo auditor, issued at the tenant's current time (tokens live 12 hours). */
  const auditor = () =>
    inTenant(world.tenant, async (tx) => {
      const user = await tx('users')
        .where({ email: `auditor@${world.slug}.demo` })
        .first<{ id: string }>('id');
      return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
    });
  const mails = (to: string) =>
    inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: to })
        .orderBy('created_at')
        .select<{ subject: string; body_text: string }[]>(),
    );

  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    // An active contract with the demo supplier, whose mail is in Korean.
    const supplier = await buildSupplier(world, { demo: true });
    const notice = await buildNotice(world, {
      state: 'contracted',
      fields: {
        baseAmount: 100_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
      bids: [{ by: supplier, price: 95_000_000 }, 97_000_000],
      contract: {
        startsOn: '2026-09-25',
        endsOn: '2026-12-31',
        deliverables: [
          { title: 'Office desks', amount: 50_000_000, dueOn: '2026-11-30' },
          { title: 'Fire extinguishers', amount: 40_000_000, dueOn: '2026-11-30', safetyRelated: true },
          { title: 'Spare parts', amount: 5_000_000, dueOn: '2026-11-30' },
        ],
      },
    });
    contract = {
      noticeId: notice.id,
      contractId: notice.contract!.id,
      deliverables: notice.contract!.deliverables,
      supplier,
    };
    // The deliverables add up to more than the contract's value (95 M against 88 M), which the API
    // refuses: the value is lowered in the table so that paying more than the contract can be tried.
    await inTenant(world.tenant, (tx) =>
      tx('contracts').where({ id: contract.contractId }).update({ value: 88_000_000 }),
    );
  });
  after(() => world.platform.close());

  it('records a delivery, a rejection with its defects, a re-delivery and the acceptance', async () => {
    await moveTo('2026-09-28T01:00:00Z');
    const first = await deliver(1).expect(201);
    assert.equal(first.body.attempt, 1);
    const again = await deliver(1).expect(409);
    assert.match(problem(again).title, /awaits inspection/);

    const noDefects = await inspect(bodyOf(first).id, { result: 'rejected' }).expect(422);
    assert.deepEqual(
      problem(noDefects).errors.map((e) => e.field),
      ['defects'],
    );
    await inspect(bodyOf(first).id, { result: 'rejected', defects: 'Two desks scratched; one leg missing.' }).expect(
      200,
    );
    const [rejectedMail] = (await mails(contract.supplier.email)).filter((m) => m.subject.includes('불합격'));
    assert.ok(rejectedMail, 'the supplier is told in Korean');
    assert.match(rejectedMail.body_text, /one leg missing/);

    await moveTo('2026-09-29T01:00:00Z');
    const second = await deliver(1).expect(201);
    assert.equal(second.body.attempt, 2);
    const accepted = await inspect(bodyOf(second).id, { result: 'accepted' }).expect(200);
    assert.equal(accepted.body.status, 'accepted');
    await deliver(1).expect(409);

    const list = await request(world.app)
      .get(api(`/contracts/${contract.contractId}/deliverables`))
      .set(supplier());
    const [desks] = bodyOf<{
      deliverables: { status: string; deliveries: { attempt: number; inspection: { result: string } }[] }[];
    }>(list).deliverables;
    assert.equal(desks!.status, 'accepted');
    assert.deepEqual(
      desks!.deliveries.map((d) => [d.attempt, d.inspection.result]),
      [
        [1, 'rejected'],
        [2, 'accepted'],
      ],
    );
    const trail = await inTenant(world.tenant, (tx) =>
      tx('audit_entries')
        .where({ target_id: deliverable(1) })
        .orderBy('seq')
        .select('action'),
    );
    const actions = trail.map((e: { action: string }) => e.action);
    assert.deepEqual(actions, [
      'deliverable.delivered',
      'deliverable.rejected',
      'deliverable.delivered',
      'deliverable.accepted',
    ]);
  });

  it('requires the quality checklist for safety-related goods, every check passed to accept', async () => {
    const delivery = await deliver(2).expect(201);
    const none = await inspect(bodyOf(delivery).id, { result: 'accepted' }).expect(422);
    assert.deepEqual(
      problem(none).errors.map((e) => e.field),
      CHECKS.map((k) => `checklist.${k}`),
    );
    const oneFailed = await inspect(bodyOf(delivery).id, {
      result: 'accepted',
      checklist: { ...allPassed, test_report: 'fail' },
    }).expect(422);
    assert.deepEqual(oneFailed.body.errors, [
      {
        field: 'checklist.test_report',
        code: 'deliveries:check_must_pass',
        message: 'This check failed: a safety-related delivery with a failed check cannot be accepted.',
      },
    ]);
    assert.equal((await rows('inspections')).length, 2, 'nothing recorded by the refusals');
    await inspect(bodyOf(delivery).id, {
      result: 'rejected',
      defects: 'No test report for the batch.',
      checklist: { ...allPassed, test_report: 'fail' },
    }).expect(200);
    const [inspection] = await rows('inspections', { delivery_id: delivery.body.id });
    assert.deepEqual(
      (inspection!.checklist as { key: string; passed: boolean }[]).filter((c) => !c.passed).map((c) => c.key),
      ['test_report'],
    );
  });

  it('refuses to invoice a rejected or a pending deliverable, and changes nothing', async () => {
    const rejected = await invoice(2, 1_000_000).expect(422);
    assert.equal(problem(rejected).errors[0]!.field, 'deliverable');
    assert.match(problem(rejected).errors[0]!.message, /Deliverable 2 was rejected at inspection/);
    const pending = await invoice(3, 1_000_000).expect(422);
    assert.match(problem(pending).errors[0]!.message, /has not been delivered yet/);
    assert.equal((await rows('invoices')).length, 0);
    assert.equal((await rows('audit_entries', { action: 'invoice.submitted' })).length, 0);
  });

  it('refuses an invoice above the deliverable, or paying more than the contract', async () => {
    const over = await invoice(1, 50_000_001).expect(422);
    assert.equal(problem(over).errors[0]!.field, 'amount');
    assert.match(problem(over).errors[0]!.message, /exceeds the deliverable's amount \(₩50,000,000\)/);
    const first = await invoice(1, 50_000_000).expect(201);
    assert.match(bodyOf<{ invoiceNo: string }>(first).invoiceNo, /^INV26-\d{6}$/);
    invoices.desks = first.body.id;

    const redelivered = await deliver(2).expect(201);
    await inspect(bodyOf(redelivered).id, { result: 'accepted', checklist: allPassed }).expect(200);
    const tooMuch = await invoice(2, 40_000_000).expect(422);
    assert.match(problem(tooMuch).errors[0]!.message, /more than the contract: at most ₩38,000,000/);
    const rest = await invoice(2, 38_000_000).expect(201);
    invoices.extinguishers = rest.body.id;
    assert.equal((await rows('invoices')).length, 2);
  });

  it('approves an invoice with the due date of the payment-days rule, and says which rule', async () => {
    await moveTo('2026-10-02T01:00:00Z');
    const approved = await request(world.app)
      .post(api(`/invoices/${invoices.desks}/approve`))
      .set(world.officer)
      .expect(200);
    // tenants/korea.yaml: payment-days v1, 5 calendar days from the approval (2 October, Seoul).
    assert.equal(approved.body.dueOn, '2026-10-07');
    assert.deepEqual(approved.body.appliedRules, ['payment-days v1']);
    await request(world.app)
      .post(api(`/invoices/${invoices.desks}/approve`))
      .set(world.officer)
      .expect(409);

    officerPages = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const page = await officerPages
      .get(`/t/${world.slug}/contracts/${contract.contractId}/invoices?lng=en`)
      .expect(200);
    assert.match(page.text, /Payment due October 7, 2026 — Payment period \(version 1\)/);
  });

  it('works from the pages: the supplier records a delivery, a refused inspection comes back next to its form', async () => {
    const pagePath = `/t/${world.slug}/contracts/${contract.contractId}/deliveries?lng=en`;
    const supplierPages = await signIn(world.app, world.slug, contract.supplier.email);
    const form = await supplierPages.get(pagePath).expect(200);
    assert.match(form.text, /Record a delivery/);
    await supplierPages
      .post(`/t/${world.slug}/deliverables/${deliverable(3)}/deliveries?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), contractId: contract.contractId, note: 'Boxes 1-4' })
      .expect(303);
    const [delivery] = await rows('deliveries', { deliverable_id: deliverable(3) });
    const inspection = await officerPages.get(pagePath).expect(200);
    const refused = await officerPages
      .post(`/t/${world.slug}/deliveries/${String(delivery!.id)}/inspection?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(inspection.text), contractId: contract.contractId, result: 'rejected', defects: '' })
      .expect(422);
    assert.match(refused.text, /Describe the defects found: a rejection needs them\./);
    await officerPages
      .post(`/t/${world.slug}/deliveries/${String(delivery!.id)}/inspection?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(refused.text), contractId: contract.contractId, result: 'accepted' })
      .expect(303);
    const list = await supplierPages.get(pagePath).expect(200);
    assert.match(list.text, /Delivery attempt 1/);
    assert.equal((await rows('deliverables', { id: deliverable(3) }))[0]!.status, 'accepted');
  });

  it('refuses a payment above the invoice or on an invoice not approved', async () => {
    const unapproved = await request(world.app)
      .post(api(`/invoices/${invoices.extinguishers}/payment`))
      .set(world.officer)
      .send({ paidOn: '2026-10-02', reference: 'TR-1', amount: 38_000_000 })
      .expect(409);
    assert.match(problem(unapproved).title, /has not been approved yet/);
    const pay = (body: Record<string, unknown>) =>
      request(world.app)
        .post(api(`/invoices/${invoices.desks}/payment`))
        .set(world.officer)
        .send(body);
    const over = await pay({ paidOn: '2026-10-02', reference: 'TR-2', amount: 50_000_001 }).expect(422);
    assert.equal(problem(over).errors[0]!.code, 'payments:over_invoice');
    await pay({ paidOn: '2026-10-03', reference: 'TR-2', amount: 50_000_000 }).expect(422);
    assert.equal((await rows('payments')).length, 0);
    const paid = await pay({ paidOn: '2026-10-02', reference: 'TR-2', amount: 50_000_000 }).expect(201);
    assert.equal(paid.body.late, false);
    await pay({ paidOn: '2026-10-02', reference: 'TR-3', amount: 50_000_000 }).expect(409);
    await request(world.app)
      .post(api(`/invoices/${invoices.extinguishers}/approve`))
      .set(world.officer)
      .expect(200);
  });

  it('flags an approved invoice still unpaid after its due date as overdue', async () => {
    const overdue = async () =>
      (
        await request(world.app)
          .get(api(`/invoices/${invoices.extinguishers}`))
          .set(supplier())
          .expect(200)
      ).body.overdue as boolean;
    // 23:00 on the due date in Seoul: not yet.
    await moveTo('2026-10-07T14:00:00Z');
    assert.equal(await overdue(), false);
    await moveTo('2026-10-07T15:30:00Z');
    assert.equal(await overdue(), true);
    const list = await request(world.app)
      .get(api(`/contracts/${contract.contractId}/invoices`))
      .set(world.officer)
      .expect(200);
    assert.deepEqual(
      bodyOf<{ invoices: { status: string; overdue: boolean }[] }>(list).invoices.map((i) => [i.status, i.overdue]),
      [
        ['paid', false],
        ['approved', true],
      ],
    );
    assert.deepEqual(list.body.totals, { value: 88_000_000, invoiced: 88_000_000, paid: 50_000_000, remaining: 0 });
  });

  it('tells the agency officers about an overdue invoice once, from the daily sweep', async () => {
    assert.equal(JOB_TYPES['payments-overdue-sweep'].queue, 'maintenance');
    assert.ok(NIGHTLY.some((s) => s.name === 'payments-overdue-sweep'));
    const sweep = jobHandlers(await world.platform.services())['payments-overdue-sweep'];
    const context = { tenant: world.tenant, lateByMs: 0, job: {} as JobContext['job'] };
    // The agency's two officers (the demo's officer and its second officer, checker@) are told.
    assert.deepEqual(await sweep(context), { overdue: 1, emails: 2 });
    assert.deepEqual(await sweep(context), { overdue: 0, emails: 0 });
    // In the officer's own language: English since they switched to it on the pages above.
    const told = (await mails(`officer@${world.slug}.demo`)).filter((m) => /지급 기한 경과|overdue/i.test(m.subject));
    assert.equal(told.length, 1);
    assert.equal((await rows('audit_entries', { action: 'invoice.overdue' })).length, 1);
  });

  it('shows the timeline in order, with audit entries for the agency and auditors only', async () => {
    const path = api(`/notices/${contract.noticeId}/timeline`);
    const open = await request(world.app).get(path).expect(200);
    const kinds = steps(open).map((s) => s.kind);
    const expected = [
      'plan-published',
      'notice-published',
      'bids-received',
      'tender-opened',
      'evaluation',
      'award-published',
      'award-final',
      'contract-generated',
      'delivery',
      'inspection-rejected',
      'delivery',
      'inspection-accepted',
      'payment',
    ];
    let at = 0;
    for (const kind of expected) {
      at = kinds.indexOf(kind, at);
      assert.ok(at >= 0, `${kind} in order in ${kinds.join(', ')}`);
      at++;
    }
    const times = steps(open).map((s) => Date.parse(s.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(steps(open).find((s) => s.kind === 'bids-received')?.params.count, 2);
    assert.ok(!kinds.includes('invoice-submitted') && !kinds.includes('notice-drafted') && !kinds.includes('recorded'));
    assert.doesNotMatch(open.text, /entryHash|entries|clientAddress|supplier@|127\.0\.0\.1/);

    assert.equal(open.body.audience, 'public');
    const officer = await request(world.app).get(path).set(world.officer).expect(200);
    assert.equal(officer.body.audience, 'officer');
    const delivery = steps(officer).find((s) => s.kind === 'delivery')!;
    assert.equal(delivery.entries![0]!.action, 'deliverable.delivered');
    assert.match(delivery.entries![0]!.entryHash, /^[0-9a-f]{64}$/);
    assert.ok(!('clientAddress' in delivery.entries![0]!));
    assert.ok(steps(officer).some((s) => s.kind === 'invoice-approved'));
    const audited = await request(world.app)
      .get(path)
      .set(await auditor())
      .expect(200);
    assert.equal(audited.body.audience, 'auditor');
    assert.ok(steps(audited).some((s) => s.entries?.[0]?.clientAddress));

    const page = await request(world.app)
      .get(`/t/${world.slug}/notices/${contract.noticeId}/timeline?lng=en`)
      .expect(200);
    assert.match(page.text, /Deliverable 1 rejected at inspection \(attempt 1\)/);
    assert.ok(!page.text.includes(delivery.entries![0]!.entryHash), 'no audit entries on the public page');
  });

  it('hides who bid, and how many, until the deadline and the opening', async () => {
    const notice = await buildNotice(world, {
      state: 'open',
      plan: { title_ko: '소방 장비 구매 계획' },
      fields: {
        title_ko: '소방 장비 구매',
        estimatedPrice: 100_000_000,
        baseAmount: 100_000_000,
        submissionDeadline: '2026-11-30T10:00',
        openingAt: '2026-11-30T11:00',
      },
      bids: [{ by: contract.supplier, price: 90_000_000, picks: [1, 2] }],
    });
    const path = api(`/notices/${notice.id}/timeline`);
    const open = await request(world.app).get(path).expect(200);
    assert.ok(!steps(open).some((s) => s.kind === 'bids-received'));
    const officer = await request(world.app).get(path).set(world.officer).expect(200);
    assert.equal(officer.body.audience, 'officer');
    assert.doesNotMatch(officer.text, /bid\.submitted|supplier@/);
    const audited = await request(world.app)
      .get(path)
      .set(await auditor())
      .expect(200);
    assert.match(audited.text, /bid\.submitted/);
  });
});
