import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildSuppliers, buildTenant, type Bidder, type TenderWorld } from '../support/factories.js';
import { buildFramework, buildInnovativeProduct, type BuiltFramework } from '../support/framework-fixture.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

interface Problem {
  title: string;
  errors?: { field: string; code: string; message: string }[];
}
const problem = (res: { body: unknown }) => res.body as Problem;
const TERMS = { deliveryAddress: 'Seoul City Hall, 110 Sejong-daero', deliverBy: '2026-12-31' };

describe('delivery orders from the mall, below the second-competition threshold', () => {
  let world: TenderWorld;
  let supplier: Bidder;
  let framework: BuiltFramework;
  let small: BuiltFramework;
  let lineId: string;
  let officerPages: Agent;
  const api = (path: string) => `/t/${world.slug}/api/v1${path}?lng=en`;
  const officer = () => world.officer;
  const count = (table: string) =>
    inTenant(world.tenant, async (tx) => Number((await tx(table).count<{ n: string }[]>('* as n'))[0]!.n));
  const committed = (id: string) =>
    inTenant(world.tenant, async (tx) => Number((await tx('budget_lines').where({ id }).first('committed')).committed));
  const addToCart = (priceId: string, quantity: number) =>
    request(world.app).post(api('/mall/cart/items')).set(officer()).send({ priceId, quantity }).expect(201);
  const emptyCart = () => inTenant(world.tenant, (tx) => tx('cart_items').delete());
  const place = (body: Record<string, unknown>) =>
    request(world.app).post(api('/mall/cart/orders')).set(officer()).send(body);
  const mails = (to: string) =>
    inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: to })
        .orderBy('created_at')
        .select<{ subject: string; body_text: string }[]>(),
    );

  before(async () => {
    world = await buildTenant('korea', { at: '2026-12-07T01:00:00Z' });
    supplier = (await buildSuppliers(world, 1, 'MALL'))[0]!;
    framework = await buildFramework(world, {
      items: [
        { description: 'Office desk', ceiling: 1_200_000 },
        { description: 'Office chair', ceiling: 250_000 },
      ],
      parties: [{ supplier: supplier!, prices: [1_000_000, 200_000], stock: [null, 50] }],
      maxValue: 500_000_000,
      startsOn: '2026-12-01',
      endsOn: '2027-11-30',
    });
    small = await buildFramework(world, {
      items: [{ description: 'Printer', ceiling: 3_000_000 }],
      parties: [{ supplier: supplier!, prices: [2_500_000] }],
      maxValue: 5_000_000,
      startsOn: '2026-12-01',
      endsOn: '2027-11-30',
    });
    officerPages = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
  });
  after(() => world.platform.close());

  it('lets an officer add a budget line of this fiscal year and lists it as money', async () => {
    const created = await request(world.app)
      .post(api('/budget-lines'))
      .set(officer())
      .send({ code: 'BL-2026-01', label: 'Office furniture', amount: 50_000_000 })
      .expect(201);
    lineId = created.body.id as string;
    assert.equal(created.body.fiscalYear, 2026);
    await request(world.app)
      .post(api('/budget-lines'))
      .set(officer())
      .send({ code: 'BL-2026-01', label: 'Again', amount: 1 })
      .expect(409);
    const page = await officerPages.get(`/t/${world.slug}/budget-lines`).expect(200);
    assert.match(page.text, /BL-2026-01/);
    assert.match(page.text, /50,000,000/);
    const audit = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'budget-line.created' }).first(),
    );
    assert.ok(audit);
    await request(world.app).get(api('/budget-lines')).set(supplier!.auth).expect(403);
  });

  it('groups the cart by agreement and supplier at current prices', async () => {
    await addToCart(framework.parties[0]!.priceIds[0]!, 4);
    await addToCart(framework.parties[0]!.priceIds[0]!, 6);
    await addToCart(framework.parties[0]!.priceIds[1]!, 20);
    const cart = await request(world.app).get(api('/mall/cart')).set(officer()).expect(200);
    const groups = cart.body.groups as { lines: { quantity: number; amount: number }[] }[];
    assert.equal(groups.length, 1);
    assert.deepEqual(
      groups[0]!.lines.map((l: { quantity: number; amount: number }) => [l.quantity, l.amount]),
      [
        [10, 10_000_000],
        [20, 4_000_000],
      ],
    );
    assert.equal(cart.body.total, 14_000_000);
    await request(world.app).get(api('/mall/cart')).set(supplier!.auth).expect(403);
  });

  it("refuses another agency's budget line, a line too small, and changes nothing", async () => {
    const other = await inTenant(world.tenant, async (tx) => {
      const [agency] = await tx('agencies')
        .insert({ code: 'OTHER-AG', name: JSON.stringify({ en: 'Other agency', ko: '다른 기관' }) })
        .returning<{ id: string }[]>('id');
      const [line] = await tx('budget_lines')
        .insert({
          agency_id: agency!.id,
          fiscal_year: 2026,
          code: 'X-1',
          label: JSON.stringify({ en: 'X' }),
          amount: 900_000_000,
        })
        .returning<{ id: string }[]>('id');
      return line!.id;
    });
    const before = await count('delivery_orders');
    const foreign = await place({ budgetLineId: other, ...TERMS }).expect(422);
    assert.equal(problem(foreign).errors?.[0]?.field, 'budgetLineId');
    assert.match(problem(foreign).errors![0]!.message, /your agency/);

    const tiny = await request(world.app)
      .post(api('/budget-lines'))
      .set(officer())
      .send({ code: 'BL-2026-02', label: 'Small', amount: 5_000_000 })
      .expect(201);
    const over = await place({ budgetLineId: tiny.body.id, ...TERMS }).expect(422);
    assert.match(problem(over).errors![0]!.message, /₩5,000,000 left, less than the ₩14,000,000 ordered/);
    assert.equal(await count('delivery_orders'), before);
    assert.equal(await committed(tiny.body.id as string), 0);
    assert.equal(await count('cart_items'), 2);

    // The cart page shows the refusal, with the form as typed.
    const cartPage = await officerPages.get(`/t/${world.slug}/mall/cart`).expect(200);
    const refused = await officerPages
      .post(`/t/${world.slug}/mall/cart/orders`)
      .type('form')
      .send({ _csrf: csrfFrom(cartPage.text), budgetLineId: tiny.body.id, ...TERMS })
      .expect(422);
    assert.match(refused.text, /role="alert"/);
    assert.match(refused.text, /5,000,000/);
    assert.match(refused.text, /Sejong-daero/);
  });

  it('refuses an order above the agreement maximum value', async () => {
    const cart = await count('cart_items');
    await emptyCart();
    await addToCart(small.parties[0]!.priceIds[0]!, 3);
    const over = await place({ budgetLineId: lineId, ...TERMS }).expect(422);
    assert.match(problem(over).title, /maximum value/);
    assert.equal(await committed(lineId), 0);
    await emptyCart();
    await addToCart(framework.parties[0]!.priceIds[0]!, 10);
    await addToCart(framework.parties[0]!.priceIds[1]!, 20);
    assert.equal(await count('cart_items'), cart);
  });

  it('places the order with the party, commits the budget and tells the supplier', async () => {
    const placed = await place({ budgetLineId: lineId, ...TERMS }).expect(201);
    const [order] = placed.body.orders as { id: string; orderNo: string; status: string; total: number }[];
    assert.match(order!.orderNo, /^DO-2026-\d{6}$/);
    assert.equal(order!.status, 'awaiting-supplier');
    assert.equal(order!.total, 14_000_000);
    assert.equal(await committed(lineId), 14_000_000);
    assert.equal(await count('cart_items'), 0);
    const agreement = await inTenant(world.tenant, (tx) =>
      tx('framework_agreements').where({ id: framework.agreementId }).first('ordered_value'),
    );
    assert.equal(Number(agreement.ordered_value), 14_000_000);
    const stock = await inTenant(world.tenant, (tx) =>
      tx('framework_prices').where({ id: framework.parties[0]!.priceIds[1] }).first('stock'),
    );
    assert.equal(stock.stock, 30);
    const [mail] = await mails(supplier!.email);
    assert.match(mail!.subject, new RegExp(order!.orderNo));
    const audit = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'order.placed' }).first<{ summary: { rules: string[] } }>('summary'),
    );
    assert.deepEqual(audit.summary.rules, ['second-competition v1']);

    const list = await officerPages.get(`/t/${world.slug}/orders`).expect(200);
    assert.match(list.text, new RegExp(order!.orderNo));
    assert.doesNotMatch(list.text, /awaiting-supplier/);
  });

  it('is accepted by the supplier into an active contract that is delivered, inspected, invoiced and paid', async () => {
    const incoming = await request(world.app).get(api('/orders/incoming')).set(supplier!.auth).expect(200);
    const [order] = incoming.body.awaiting as { id: string }[];
    assert.ok(order);
    await request(world.app)
      .post(api(`/orders/${order.id}/accept`))
      .set(officer())
      .expect(403);
    const accepted = await request(world.app)
      .post(api(`/orders/${order.id}/accept`))
      .set(supplier!.auth)
      .expect(200);
    const contractId = accepted.body.contractId as string;
    await request(world.app)
      .post(api(`/orders/${order.id}/accept`))
      .set(supplier!.auth)
      .expect(409);

    const contract = await inTenant(world.tenant, (tx) => tx('contracts').where({ id: contractId }).first());
    assert.equal(contract.status, 'active');
    assert.equal(contract.order_id, order.id);
    assert.equal(contract.notice_id, null);
    assert.equal(Number(contract.value), 14_000_000);

    const items = await request(world.app)
      .get(api(`/contracts/${contractId}/deliverables`))
      .set(supplier!.auth)
      .expect(200);
    const deliverables = items.body.deliverables as { id: string; title: string; amount: number }[];
    assert.deepEqual(
      deliverables.map((d) => [d.title, d.amount]),
      [
        ['Office desk', 10_000_000],
        ['Office chair', 4_000_000],
      ],
    );
    for (const d of deliverables) {
      const delivery = await request(world.app)
        .post(api(`/deliverables/${d.id}/deliveries`))
        .set(supplier!.auth)
        .send({ note: 'Lorry 7' })
        .expect(201);
      await request(world.app)
        .post(api(`/deliveries/${delivery.body.id}/inspection`))
        .set(officer())
        .send({ result: 'accepted' })
        .expect(200);
      const invoice = await request(world.app)
        .post(api(`/deliverables/${d.id}/invoices`))
        .set(supplier!.auth)
        .send({ amount: d.amount })
        .expect(201);
      await request(world.app)
        .post(api(`/invoices/${invoice.body.id}/approve`))
        .set(officer())
        .send({})
        .expect(200);
      await request(world.app)
        .post(api(`/invoices/${invoice.body.id}/payment`))
        .set(officer())
        .send({ paidOn: '2026-12-07', reference: 'TR-1', amount: d.amount })
        .expect(201);
    }
    const paid = await inTenant(world.tenant, (tx) =>
      tx('invoices').where({ contract_id: contractId, status: 'paid' }),
    );
    assert.equal(paid.length, 2);

    const deliveriesPage = await officerPages.get(`/t/${world.slug}/contracts/${contractId}/deliveries`).expect(200);
    assert.match(deliveriesPage.text, new RegExp(`/orders/${order.id}`));
    await officerPages.get(`/t/${world.slug}/contracts/${contractId}/invoices`).expect(200);
    const contractPage = await officerPages.get(`/t/${world.slug}/contracts/${contractId}`).expect(200);
    assert.match(contractPage.text, new RegExp(contract.contract_no as string));
    const detail = await officerPages.get(`/t/${world.slug}/orders/${order.id}`).expect(200);
    assert.match(detail.text, new RegExp(`/contracts/${contractId}/deliveries`));
  });

  it('is declined with a reason, which releases the budget commitment', async () => {
    await addToCart(framework.parties[0]!.priceIds[0]!, 2);
    const placed = await place({ budgetLineId: lineId, ...TERMS }).expect(201);
    const orderId = placed.body.orders[0].id as string;
    assert.equal(await committed(lineId), 16_000_000);
    const noReason = await request(world.app)
      .post(api(`/orders/${orderId}/decline`))
      .set(supplier!.auth)
      .send({})
      .expect(422);
    assert.equal(problem(noReason).errors?.[0]?.field, 'reason');
    await request(world.app)
      .post(api(`/orders/${orderId}/decline`))
      .set(supplier!.auth)
      .send({ reason: 'Out of production' })
      .expect(200);
    assert.equal(await committed(lineId), 14_000_000);
    const order = await request(world.app)
      .get(api(`/orders/${orderId}`))
      .set(officer())
      .expect(200);
    assert.equal(order.body.status, 'declined');
  });

  it('places a direct order of an innovative product within the limit and refuses one above it', async () => {
    const productId = await buildInnovativeProduct(world, supplier!, {
      unitPrice: 2_000_000,
      from: '2026-01-01',
      until: '2028-12-31',
    });
    const big = await request(world.app)
      .post(api('/budget-lines'))
      .set(officer())
      .send({ code: 'BL-2026-03', label: 'Innovation', amount: 900_000_000 })
      .expect(201);
    const within = await request(world.app)
      .post(api(`/mall/innovative/${productId}/orders`))
      .set(officer())
      .send({ quantity: 5, budgetLineId: big.body.id, ...TERMS })
      .expect(201);
    assert.equal(within.body.status, 'awaiting-supplier');
    assert.equal(within.body.total, 10_000_000);
    const row = await inTenant(world.tenant, (tx) => tx('delivery_orders').where({ id: within.body.id }).first());
    assert.equal(row.kind, 'innovative');
    assert.equal(row.supplier_id, supplier!.supplierId);
    const above = await request(world.app)
      .post(api(`/mall/innovative/${productId}/orders`))
      .set(officer())
      .send({ quantity: 300, budgetLineId: big.body.id, ...TERMS })
      .expect(422);
    assert.match(problem(above).errors![0]!.message, /limited to ₩500,000,000/);
    assert.equal(await committed(big.body.id as string), 10_000_000);
  });

  it('never shows these orders to another tenant', async () => {
    const orderId = (await inTenant(world.tenant, (tx) => tx('delivery_orders').first('id'))).id as string;
    const other = await buildTenant('korea', { at: '2026-12-07T01:00:00Z' });
    try {
      await request(other.app).get(`/t/${other.slug}/api/v1/orders/${orderId}`).set(other.officer).expect(404);
      const list = await request(other.app).get(`/t/${other.slug}/api/v1/orders`).set(other.officer).expect(200);
      assert.equal(list.body.orders.length, 0);
      await request(world.app).get(`/t/${other.slug}/api/v1/orders`).set(world.officer).expect(401);
    } finally {
      await other.platform.close();
    }
  });
});
