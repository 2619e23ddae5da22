import assert from 'node:assert/strict';
import request from 'supertest';
import { jobHandlers } from '../../server/job-registry.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildSuppliers, buildTenant, type Bidder, type TenderWorld } from '../support/factories.js';
import { buildFramework, type BuiltFramework } from '../support/framework-fixture.js';
import { signIn, type Agent } from '../support/session.js';

const TERMS = { deliveryAddress: 'Busan Port Authority', deliverBy: '2027-01-29' };
/** Quote prices that appear nowhere else, to probe for leaks before the opening. */
const SECRET = ['987654', '987,654', '991357', '991,357', '999111', '999,111', '148148100', '148,148,100'];

describe('second competition among the parties of a framework agreement (korea: above ₩100,000,000)', () => {
  let world: TenderWorld;
  let a: Bidder, b: Bidder, c: Bidder, outsider: Bidder;
  let framework: BuiltFramework;
  let lineId: string;
  let won: { orderId: string; competitionId: string; closesAt: Date };
  let failing: { orderId: string; competitionId: string };
  let officerPages: Agent;
  let bPages: Agent;
  const api = (path: string) => `/t/${world.slug}/api/v1${path}?lng=en`;
  const committed = async () =>
    Number(
      (await inTenant(world.tenant, (tx) => tx('budget_lines').where({ id: lineId }).first('committed'))).committed,
    );
  const orderedValue = async () =>
    Number(
      (
        await inTenant(world.tenant, (tx) =>
          tx('framework_agreements').where({ id: framework.agreementId }).first('ordered_value'),
        )
      ).ordered_value,
    );
  const quote = (by: Bidder, orderId: string, unitPrice: number) =>
    request(world.app)
      .post(api(`/orders/${orderId}/quotes`))
      .set(by.auth)
      .send({ lines: [{ number: 1, unitPrice }] });
  const placeDesks = async (quantity: number) => {
    await request(world.app)
      .post(api('/mall/cart/items'))
      .set(world.officer)
      .send({ priceId: framework.parties[0]!.priceIds[0], quantity })
      .expect(201);
    const placed = await request(world.app)
      .post(api('/mall/cart/orders'))
      .set(world.officer)
      .send({ budgetLineId: lineId, ...TERMS })
      .expect(201);
    const orderId = placed.body.orders[0].id as string;
    const competition = await inTenant(world.tenant, (tx) =>
      tx('second_competitions').where({ order_id: orderId }).first<{ id: string; closes_at: Date }>('id', 'closes_at'),
    );
    return { orderId, competitionId: competition.id, closesAt: competition.closes_at, placed: placed.body.orders[0] };
  };
  const openJob = async (competitionId: string) => {
    const handler = jobHandlers(await world.platform.services())['open-competition'];
    const job = { data: { competitionId } } as unknown as JobContext['job'];
    return handler({ tenant: world.tenant, lateByMs: 0, job });
  };
  const everything = async (): Promise<string> => {
    const parts: string[] = [];
    for (const who of [world.officer, a.auth, b.auth, c.auth]) {
      parts.push(
        JSON.stringify(
          (
            await request(world.app)
              .get(api(`/orders/${won.orderId}`))
              .set(who)
          ).body,
        ),
      );
      parts.push(JSON.stringify((await request(world.app).get(api('/orders/incoming')).set(who)).body));
      parts.push(JSON.stringify((await request(world.app).get(api('/orders')).set(who)).body));
    }
    parts.push((await officerPages.get(`/t/${world.slug}/orders/${won.orderId}`)).text);
    parts.push((await officerPages.get(`/t/${world.slug}/orders`)).text);
    parts.push((await bPages.get(`/t/${world.slug}/orders/${won.orderId}`)).text);
    parts.push((await bPages.get(`/t/${world.slug}/orders/incoming`)).text);
    await inTenant(world.tenant, async (tx) => {
      for (const m of await tx('outbound_emails').select<{ subject: string; body_text: string }[]>(
        'subject',
        'body_text',
      ))
        parts.push(m.subject, m.body_text);
      for (const e of await tx('audit_entries').select<{ summary: unknown }[]>('summary'))
        parts.push(JSON.stringify(e.summary));
      for (const q of await tx('competition_quotes').select<{ sealed_quote: string; total: unknown; lines: unknown }[]>(
        'sealed_quote',
        'total',
        'lines',
      ))
        parts.push(q.sealed_quote, String(q.total), JSON.stringify(q.lines));
    });
    return parts.join('\n');
  };

  before(async () => {
    world = await buildTenant('korea', { at: '2026-12-07T01:00:00Z' });
    [a, b, c, outsider] = (await buildSuppliers(world, 4, 'MAS')) as [Bidder, Bidder, Bidder, Bidder];
    framework = await buildFramework(world, {
      items: [{ description: 'Office desk', ceiling: 1_200_000 }],
      parties: [
        { supplier: a, prices: [1_000_000] },
        { supplier: b, prices: [1_050_000] },
        { supplier: c, prices: [1_100_000] },
      ],
      maxValue: 2_000_000_000,
      startsOn: '2026-12-01',
      endsOn: '2027-11-30',
    });
    const line = await request(world.app)
      .post(api('/budget-lines'))
      .set(world.officer)
      .send({ code: 'BL-MAS', label: 'Furniture', amount: 400_000_000 })
      .expect(201);
    lineId = line.body.id as string;
    officerPages = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    bPages = await signIn(world.app, world.slug, b.email);
  });
  after(() => world.platform.close());

  it('sends an order above the threshold to a second competition, inviting every party with the deadline', async () => {
    const placed = await placeDesks(150);
    won = placed;
    assert.equal(placed.placed.status, 'in-competition');
    const order = await inTenant(world.tenant, (tx) => tx('delivery_orders').where({ id: won.orderId }).first());
    assert.equal(order.supplier_id, null);
    assert.equal(await committed(), 150_000_000);
    // Three business days later at the same time of day (Monday 10:00 in Seoul → Thursday 10:00).
    assert.equal(won.closesAt.toISOString(), '2026-12-10T01:00:00.000Z');
    for (const party of [a, b, c]) {
      const [mail] = await inTenant(world.tenant, (tx) =>
        tx('outbound_emails')
          .where({ recipient: party.email })
          .select<{ subject: string; body_text: string }[]>('subject', 'body_text'),
      );
      assert.match(mail!.subject, /Invitation to quote/);
      assert.match(mail!.body_text, /December 10, 2026/);
    }
    const services = await world.platform.services();
    const jobId = `compete-${world.slug}-${won.competitionId}`;
    let job = await services.queues.queues.critical.getJob(jobId);
    for (let i = 0; i < 50 && !job; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await services.queues.queues.critical.getJob(jobId);
    }
    assert.ok(job, 'the opening is planned on the critical queue');
    assert.equal(await job.getState(), 'delayed');
    failing = await placeDesks(120);
  });

  it('takes sealed quotes with a receipt and a hash, each price at most the party agreement price', async () => {
    const above = await quote(b, won.orderId, 1_060_000).expect(422);
    assert.equal(above.body.errors[0].field, 'lines.0.unitPrice');
    assert.match((above.body as { errors: { message: string }[] }).errors[0]!.message, /₩1,050,000/);
    await quote(outsider, won.orderId, 900_000).expect(403);
    const first = await quote(b, won.orderId, 999_111).expect(201);
    assert.match(first.body.sha256 as string, /^[0-9a-f]{64}$/);
    const second = await quote(b, won.orderId, 987_654).expect(201);
    assert.equal(second.body.replaced, first.body.receiptNo);
    await quote(c, won.orderId, 991_357).expect(201);
    await quote(c, failing.orderId, 1_000_000).expect(201);
    const statuses = await inTenant(world.tenant, (tx) =>
      tx('competition_quotes').where({ supplier_id: b.supplierId }).orderBy('submitted_at').pluck('status'),
    );
    assert.deepEqual(statuses, ['replaced', 'current']);
    const receipts = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails').where({ recipient: b.email }).whereLike('subject', '%Receipt%').pluck('body_text'),
    );
    assert.ok(receipts.some((t: string) => t.includes(second.body.sha256 as string)));
  });

  it('lets no quote price appear anywhere before the opening: pages, API, e-mails, audit, database', async () => {
    const seen = await everything();
    for (const secret of SECRET) assert.ok(!seen.includes(secret), `${secret} shows before the opening`);
    const page = await bPages.get(`/t/${world.slug}/orders/${won.orderId}`).expect(200);
    assert.match(page.text, /name="price\.1"/);
  });

  it('opens at the deadline by its job, the lowest total wins, once', async () => {
    await world.setClock(new Date(won.closesAt.getTime() + 60_000), [a, b, c]);
    await quote(c, won.orderId, 900_000).expect(409);
    assert.equal(await openJob(won.competitionId), 'awarded');
    assert.equal(await openJob(won.competitionId), 'nothing-to-do');
    const order = await request(world.app)
      .get(api(`/orders/${won.orderId}`))
      .set(world.officer)
      .expect(200);
    assert.equal(order.body.status, 'awaiting-supplier');
    assert.equal(order.body.total, 148_148_100);
    const ranked = (order.body as { competition: { quotes: { rank: number; total: number; winner: boolean }[] } })
      .competition.quotes;
    assert.deepEqual(
      ranked.map((q: { rank: number; total: number; winner: boolean }) => [q.rank, q.total, q.winner]),
      [
        [1, 148_148_100, true],
        [2, 148_703_550, false],
      ],
    );
    assert.equal(order.body.lines[0].unitPrice, 987_654);
    const row = await inTenant(world.tenant, (tx) => tx('delivery_orders').where({ id: won.orderId }).first());
    assert.equal(row.supplier_id, b.supplierId);
    const key = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'tender-key.used', target_id: won.competitionId }).first(),
    );
    assert.ok(key, 'the use of the quote key is audited');
    const mailsTo = (email: string) =>
      inTenant(world.tenant, (tx) => tx('outbound_emails').where({ recipient: email }).pluck('subject'));
    assert.ok((await mailsTo(b.email)).some((s: string) => /was chosen/.test(s)));
    assert.ok((await mailsTo(c.email)).some((s: string) => /Result of the second competition/.test(s)));
    const page = await officerPages.get(`/t/${world.slug}/orders/${won.orderId}`).expect(200);
    assert.match(page.text, /148,148,100/);
  });

  it('fails an order with fewer quotes than needed and releases what it held', async () => {
    assert.equal(await committed(), 148_148_100 + 120_000_000);
    assert.equal(await orderedValue(), 148_148_100 + 120_000_000);
    assert.equal(await openJob(failing.competitionId), 'failed');
    const order = await request(world.app)
      .get(api(`/orders/${failing.orderId}`))
      .set(world.officer)
      .expect(200);
    assert.equal(order.body.status, 'failed');
    assert.equal(await committed(), 148_148_100);
    assert.equal(await orderedValue(), 148_148_100);
    const told = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: `officer@${world.slug}.demo` })
        .pluck('body_text'),
    );
    assert.ok(told.some((t: string) => t.includes(order.body.orderNo as string) && t.includes('2')));
  });

  it('is accepted by the winner into its call-off contract at the quoted prices', async () => {
    await request(world.app)
      .post(api(`/orders/${won.orderId}/accept`))
      .set(c.auth)
      .expect(403);
    const accepted = await request(world.app)
      .post(api(`/orders/${won.orderId}/accept`))
      .set(b.auth)
      .expect(200);
    const contract = await inTenant(world.tenant, (tx) =>
      tx('contracts').where({ id: accepted.body.contractId }).first(),
    );
    assert.equal(Number(contract.value), 148_148_100);
    assert.equal(contract.supplier_id, b.supplierId);
  });
});
