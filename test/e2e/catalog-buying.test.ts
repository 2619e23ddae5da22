/**
 * Catalog buying from end to end, in kurdistan and in korea, through the API only: a framework
 * tender whose final award makes its parties, an agency ordering from the mall under it (korea's
 * larger order through a second competition among the parties), the supplier accepting, the
 * delivery inspected, invoiced and paid; the agreement and its orders in OCDS, valid against the
 * 1.1.5 schema and linked by `relatedProcesses`; an innovative product designated and bought
 * directly within the rule's limit, refused above it.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { CATEGORY_SCHEME, PRODUCT_SCHEME } from '../../server/ocds/codes.js';
import { jobHandlers } from '../../server/job-registry.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import {
  attachTenderDocuments,
  buildNotice,
  buildSuppliers,
  buildTenant,
  type Bidder,
  type TenderWorld,
} from '../support/factories.js';
import { codelistProblems, ocdsValidators } from '../support/ocds-schemas.js';
import { securityFor, tenantBase } from '../support/tender.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
  template: 'kurdistan' | 'korea';
  start: string;
  notice: Record<string, unknown>;
  items: { classification: string; description: Record<string, string>; unit: string; ceiling: number; qty: number }[];
  /** Unit prices by bidder: A and B within the ceilings, C above the first one. */
  lists: [number[], number[], number[]];
  /** Quantities of the order placed directly with party A (below the second-competition threshold). */
  smallOrder: number[];
  /** Item 1 quantity of the order that goes to a second competition, and the quotes of A and B. */
  competition?: { qty: number; quotes: [number, number] };
  product: { unitPrice: number; within: number; above: number };
  deliveryAddress: string;
}

const CASES: Case[] = [
  {
    template: 'kurdistan',
    start: '2026-09-01T07:00:00Z',
    notice: {
      title_ckb: 'ڕێککەوتنی چوارچێوەیی بۆ کەلوپەلی نووسینگە',
      title_en: 'Framework agreement for office supplies',
      estimatedPrice: 105_000_000,
      submissionDeadline: '2026-09-15T10:00',
      openingAt: '2026-09-15T10:30',
    },
    items: [
      {
        classification: '14111507',
        description: { ckb: 'کاغەزی A4', en: 'A4 paper (box)' },
        unit: 'BX',
        ceiling: 30_000,
        qty: 2000,
      },
      {
        classification: '43211503',
        description: { ckb: 'لاپتۆپ', en: 'Laptop' },
        unit: 'EA',
        ceiling: 900_000,
        qty: 50,
      },
    ],
    lists: [
      [28_000, 850_000],
      [29_000, 880_000],
      [31_000, 800_000],
    ],
    smallOrder: [100, 2],
    product: { unitPrice: 5_000_000, within: 5, above: 20 },
    deliveryAddress: 'Ministry of Planning, Erbil',
  },
  {
    template: 'korea',
    start: '2026-09-01T01:00:00Z',
    notice: {
      title_ko: '전산장비 다수공급자계약',
      estimatedPrice: 100_000_000,
      baseAmount: 100_000_000,
      submissionDeadline: '2026-09-10T10:00',
      openingAt: '2026-09-10T11:00',
    },
    items: [
      {
        classification: '43211507',
        description: { ko: '데스크톱 컴퓨터', en: 'Desktop computer' },
        unit: 'EA',
        ceiling: 50_000,
        qty: 1000,
      },
      {
        classification: '43211902',
        description: { ko: '모니터', en: 'Monitor' },
        unit: 'EA',
        ceiling: 100_000,
        qty: 500,
      },
    ],
    lists: [
      [40_000, 100_000],
      [47_000, 94_000],
      [52_000, 85_000],
    ],
    smallOrder: [10, 5],
    // 2600 × 40,000 = 104,000,000, above korea's 100,000,000: B's 38,000 beats A's 39,500.
    competition: { qty: 2600, quotes: [39_500, 38_000] },
    product: { unitPrice: 25_000_000, within: 10, above: 30 },
    deliveryAddress: 'Seoul City Hall, 110 Sejong-daero',
  },
];

const totalOf = (c: Case, list: number[]) => list.reduce((sum, price, i) => sum + price * c.items[i]!.qty, 0);

for (const c of CASES) {
  describe(`catalog buying in ${c.template}: framework, mall order, delivery, payment, OCDS, innovative product`, () => {
    let world: TenderWorld;
    let parties: Bidder[];
    let agreementId: string;
    let frameworkNoticeId: string;
    let prices: { id: string; itemNumber: number; unitPrice: number }[][];
    let lineId: string;
    const orderIds: string[] = [];
    const base = () => tenantBase(world);
    const api = (path: string) => `${base()}/api/v1${path}${path.includes('?') ? '&' : '?'}lng=en`;
    /** The tenant's calendar day now, and one a month later (the orders' delivery date). */
    const today = async () =>
      inTenant(world.tenant, async (tx) => {
        const { rows } = await tx.raw<{ rows: { d: string }[] }>(
          `select to_char(app_now() at time zone ?, 'YYYY-MM-DD') as d`,
          [world.tenant.config.timeZone],
        );
        return rows[0]!.d;
      });
    const deliverBy = async () =>
      new Date(Date.parse(`${await today()}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);

    after(() => world?.platform.close());

    it('concludes the framework agreement at the final award, with the parties within the ceilings', async () => {
      world = await buildTenant(c.template, { at: c.start });
      const notice = await buildNotice(world, { state: 'draft', fields: c.notice });
      frameworkNoticeId = notice.id;
      const noticeApi = `${base()}/api/v1/notices/${notice.id}`;
      const terms = await request(world.app)
        .put(`${noticeApi}/framework`)
        .set(world.officer)
        .send({
          // In force from the tender's start, so the mall offers it as soon as the award concludes it.
          startsOn: '2026-09-01',
          endsOn: '2027-08-31',
          maxValue: 500_000_000,
          maxParties: 5,
          items: c.items.map((item, i) => ({
            number: i + 1,
            classification: item.classification,
            description: item.description,
            unit: item.unit,
            ceilingUnitPrice: item.ceiling,
            estimatedQuantity: item.qty,
          })),
        })
        .expect(200);
      agreementId = terms.body.id as string;
      await attachTenderDocuments(
        { app: world.app, slug: world.slug, base: base(), auth: world.officer },
        notice.id,
        1,
      );
      const published = await request(world.app).post(`${noticeApi}/publish?lng=en`).set(world.officer).expect(200);

      const bidders = await buildSuppliers(world, 3, 'CAT');
      const bids: string[] = [];
      for (const [i, bidder] of bidders.entries()) {
        const list = c.lists[i]!;
        const receipt = await request(world.app)
          .post(`${noticeApi}/bids`)
          .set(bidder.auth)
          .send({
            price: totalOf(c, list),
            bidSecurityAmount: securityFor(totalOf(c, list)),
            picks: [1, 2],
            priceList: list.map((unitPrice, n) => ({ item: n + 1, unitPrice })),
          })
          .expect(201);
        bids.push(receipt.body.bidId as string);
      }
      await world.setClock(published.body.openingAt as string, bidders);
      await request(world.app).post(`${noticeApi}/open`).set(world.officer).expect(200);
      const state = await request(world.app).get(`${noticeApi}/evaluation/lowest-price`).set(world.officer).expect(200);
      assert.equal(state.body.next.bidId, bids[0]);
      await request(world.app)
        .post(`${noticeApi}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId: bids[0], score: 100, reasons: 'Meets every criterion.' })
        .expect(201);
      const award = await request(world.app).post(`${noticeApi}/award`).set(world.officer).expect(201);
      await world.setClock(award.body.standstillEndsAt as string, bidders);
      await request(world.app).post(`${noticeApi}/award/finalize`).set(world.officer).expect(200);

      const agreement = await request(world.app)
        .get(api(`/frameworks/${agreementId}`))
        .expect(200);
      assert.equal(agreement.body.status, 'active');
      const partyList = agreement.body.partyList as { supplierId: string; prices: (typeof prices)[number] }[];
      assert.deepEqual(
        partyList.map((p) => p.supplierId),
        [bidders[0]!.supplierId, bidders[1]!.supplierId],
        'A and B are parties; C, above a ceiling, is not',
      );
      parties = bidders;
      prices = partyList.map((p) => p.prices);
      assert.deepEqual(
        prices.map((list) => list.map((p) => p.unitPrice)),
        [c.lists[0], c.lists[1]],
      );
    });

    it("places an agency's order from the mall with party A, which accepts it", async () => {
      const line = await request(world.app)
        .post(api('/budget-lines'))
        .set(world.officer)
        .send({ code: 'CAT-01', label: 'Office equipment', amount: 900_000_000 })
        .expect(201);
      lineId = line.body.id as string;
      // The catalog shows A's offer; the buyer adds it from its product page's form fields.
      const catalog = await request(world.app).get(`${base()}/mall?lng=en`).expect(200);
      assert.ok(catalog.text.includes(c.items[0]!.description.en!));
      for (const [i, quantity] of c.smallOrder.entries()) {
        await request(world.app)
          .post(api('/mall/cart/items'))
          .set(world.officer)
          .send({ priceId: prices[0]![i]!.id, quantity })
          .expect(201);
      }
      const placed = await request(world.app)
        .post(api('/mall/cart/orders'))
        .set(world.officer)
        .send({ budgetLineId: lineId, deliveryAddress: c.deliveryAddress, deliverBy: await deliverBy() })
        .expect(201);
      const [order] = placed.body.orders as { id: string; orderNo: string; status: string }[];
      assert.equal(order!.status, 'awaiting-supplier');
      orderIds.push(order!.id);
      const expected = c.smallOrder.reduce((sum, q, i) => sum + q * (c.lists[0][i] ?? 0), 0);
      const accepted = await request(world.app)
        .post(api(`/orders/${order!.id}/accept`))
        .set(parties[0]!.auth)
        .expect(200);
      await deliverInspectAndPay(accepted.body.contractId as string, parties[0]!, expected);
    });

    if (c.competition) {
      const competition = c.competition;
      it('sends a larger order to a second competition among the parties; the lowest quote wins and is paid', async () => {
        await request(world.app)
          .post(api('/mall/cart/items'))
          .set(world.officer)
          .send({ priceId: prices[0]![0]!.id, quantity: competition.qty })
          .expect(201);
        const placed = await request(world.app)
          .post(api('/mall/cart/orders'))
          .set(world.officer)
          .send({ budgetLineId: lineId, deliveryAddress: c.deliveryAddress, deliverBy: await deliverBy() })
          .expect(201);
        const [order] = placed.body.orders as { id: string; status: string }[];
        assert.equal(order!.status, 'in-competition');
        orderIds.push(order!.id);
        for (const [i, unitPrice] of competition.quotes.entries()) {
          await request(world.app)
            .post(api(`/orders/${order!.id}/quotes`))
            .set(parties[i]!.auth)
            .send({ lines: [{ number: 1, unitPrice }] })
            .expect(201);
        }
        const { id: competitionId, closes_at: closesAt } = await inTenant(world.tenant, (tx) =>
          tx('second_competitions').where({ order_id: order!.id }).first<{ id: string; closes_at: Date }>(),
        );
        await world.setClock(new Date(closesAt.getTime() + 60_000).toISOString(), parties);
        const handler = jobHandlers(await world.platform.services())['open-competition'];
        await handler({
          tenant: world.tenant,
          lateByMs: 0,
          job: { data: { competitionId } } as unknown as JobContext['job'],
        });
        const after = await request(world.app)
          .get(api(`/orders/${order!.id}`))
          .set(world.officer)
          .expect(200);
        assert.equal(after.body.status, 'awaiting-supplier');
        const incoming = await request(world.app).get(api('/orders/incoming')).set(parties[1]!.auth).expect(200);
        assert.deepEqual(
          (incoming.body.awaiting as { id: string }[]).map((o) => o.id),
          [order!.id],
          "B's lower quote wins: the order waits for B",
        );
        const accepted = await request(world.app)
          .post(api(`/orders/${order!.id}/accept`))
          .set(parties[1]!.auth)
          .expect(200);
        await deliverInspectAndPay(
          accepted.body.contractId as string,
          parties[1]!,
          competition.qty * competition.quotes[1],
        );
      });
    }

    it('designates an innovative product, bought directly within its limit and refused above it', async () => {
      const languages = world.tenant.config.locales.supported;
      const product = await request(world.app)
        .post(api('/innovation/products'))
        .set(world.officer)
        .send({
          supplierId: parties[2]!.supplierId,
          ...Object.fromEntries(
            languages.flatMap((l) => [
              [`name_${l}`, 'Sorting robot R-2'],
              [`description_${l}`, 'Sorts mail.'],
            ]),
          ),
          classification: '25101700',
          unit: 'EA',
          unitPrice: String(c.product.unitPrice),
          evidence: 'Certified innovative by the national testing laboratory, report 2026-0091.',
          designatedFrom: await today(),
        })
        .expect(201);
      const buy = async (quantity: number) =>
        request(world.app)
          .post(api(`/mall/innovative/${product.body.id as string}/orders`))
          .set(world.officer)
          .send({ quantity, budgetLineId: lineId, deliveryAddress: c.deliveryAddress, deliverBy: await deliverBy() });
      const within = await buy(c.product.within);
      assert.equal(within.status, 201, JSON.stringify(within.body));
      orderIds.push((within.body.orders?.[0]?.id ?? within.body.id) as string);
      const ordersBefore = await inTenant(world.tenant, (tx) => tx('delivery_orders').count<{ n: string }[]>('* as n'));
      const above = await buy(c.product.above);
      assert.equal(above.status, 422);
      assert.match(JSON.stringify(above.body), /limit/i);
      const ordersAfter = await inTenant(world.tenant, (tx) => tx('delivery_orders').count<{ n: string }[]>('* as n'));
      assert.deepEqual(ordersAfter, ordersBefore, 'the refused purchase wrote no order');
    });

    it('publishes the agreement and each order as OCDS processes that validate, the call-offs linked to the framework', async () => {
      const validators = ocdsValidators();
      const page = await request(world.app).get(api('/ocds/release-packages?limit=1000')).expect(200);
      assert.deepEqual(validators.releasePackage(page.body), []);
      const records = await request(world.app).get(api('/ocds/record-packages?limit=1000')).expect(200);
      assert.deepEqual(validators.recordPackage(records.body), []);
      const releases = page.body.releases as Json[];
      const allowed = new Set([CATEGORY_SCHEME, PRODUCT_SCHEME]);
      for (const release of releases) assert.deepEqual(codelistProblems(release, allowed), [], release.ocid as string);

      const frameworkOcid = (releases.find((r) => (r.ocid as string).endsWith(frameworkNoticeId)) ?? {}).ocid as string;
      assert.ok(frameworkOcid, 'the framework tender has its process');
      const orderNos = await inTenant(world.tenant, (tx) =>
        tx('delivery_orders')
          .whereIn('id', orderIds)
          .orderBy('order_no')
          .select<{ order_no: string; kind: string }[]>(),
      );
      for (const order of orderNos) {
        const latest = releases.filter((r) => (r.ocid as string).endsWith(`-${order.order_no}`)).at(-1);
        assert.ok(latest, `${order.order_no} is a process of its own`);
        assert.notEqual(latest.ocid, frameworkOcid);
        const related = (latest.relatedProcesses ?? []) as Json[];
        if (order.kind === 'call-off')
          assert.deepEqual(
            related.map((r): unknown[] => [r.relationship, r.scheme, r.identifier]),
            [[['framework'], 'ocid', frameworkOcid]],
          );
        else assert.deepEqual(related, [], 'a direct purchase of an innovative product has no framework');
      }
    });

    /** The supplier delivers each line, the agency inspects and accepts it, the invoice is approved and paid. */
    async function deliverInspectAndPay(contractId: string, supplier: Bidder, total: number): Promise<void> {
      const items = await request(world.app)
        .get(api(`/contracts/${contractId}/deliverables`))
        .set(supplier.auth)
        .expect(200);
      const deliverables = items.body.deliverables as { id: string; amount: number }[];
      assert.equal(
        deliverables.reduce((sum, d) => sum + d.amount, 0),
        total,
      );
      const paidOn = await today();
      for (const d of deliverables) {
        const delivery = await request(world.app)
          .post(api(`/deliverables/${d.id}/deliveries`))
          .set(supplier.auth)
          .send({ note: 'Delivered to the stores.' })
          .expect(201);
        await request(world.app)
          .post(api(`/deliveries/${delivery.body.id as string}/inspection`))
          .set(world.officer)
          .send({ result: 'accepted' })
          .expect(200);
        const invoice = await request(world.app)
          .post(api(`/deliverables/${d.id}/invoices`))
          .set(supplier.auth)
          .send({ amount: d.amount })
          .expect(201);
        await request(world.app)
          .post(api(`/invoices/${invoice.body.id as string}/approve`))
          .set(world.officer)
          .send({})
          .expect(200);
        await request(world.app)
          .post(api(`/invoices/${invoice.body.id as string}/payment`))
          .set(world.officer)
          .send({ paidOn, reference: 'TR-2026-01', amount: d.amount })
          .expect(201);
      }
      const paid = await inTenant(world.tenant, (tx) =>
        tx('invoices').where({ contract_id: contractId, status: 'paid' }).sum<{ s: string }[]>('amount as s'),
      );
      assert.equal(Number(paid[0]!.s), total);
    }
  });
}
