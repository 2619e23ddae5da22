import assert from 'node:assert/strict';
import request from 'supertest';
import { CATEGORY_SCHEME, PRODUCT_SCHEME } from '../../server/ocds/codes.js';
import { publishFor } from '../../server/ocds/publisher.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildTenant, type BuiltNotice, type TenderWorld } from '../support/factories.js';
import { codelistProblems, ocdsValidators } from '../support/ocds-schemas.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const HASH = 'a'.repeat(64);
const SEALED = 'SEALED-QUOTE-CONTENT-NEVER-PUBLIC';

describe('OCDS for a framework agreement and its delivery orders (korea)', () => {
  let world: TenderWorld;
  let notice: BuiltNotice;
  let releases: Json[];
  const ids: Record<string, string> = {};
  const api = (path: string) => `/t/${world.slug}/api/v1${path}`;
  const ofOcid = (ocid: string) => releases.filter((r) => r.ocid === ocid);
  const last = (ocid: string) => ofOcid(ocid).at(-1)!;
  const prefix = 'ocds-kr0000';

  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    notice = await buildNotice(world, {
      state: 'opened',
      fields: { submissionDeadline: '2026-09-10T10:00', openingAt: '2026-09-10T11:00' },
    });
    await inTenant(world.tenant, async (tx) => {
      const officer = await tx('users')
        .where({ email: `officer@${world.slug}.demo` })
        .first<{ id: string; agency_id: string }>('id', 'agency_id');
      const by = { created_by: officer.id };
      const [agreement] = await tx('framework_agreements')
        .insert({
          agreement_no: 'FA-2026-000001',
          notice_id: notice.id,
          agency_id: officer.agency_id,
          title: { ko: '사무용 가구 다수공급자계약', en: 'Office furniture (multiple-award schedule)' },
          category: 'goods',
          starts_on: '2026-10-01',
          ends_on: '2027-09-30',
          max_value: 2_000_000_000,
          max_parties: 3,
          status: 'active',
          concluded_at: new Date('2026-09-20T01:00:00Z'),
          ...by,
        })
        .returning<{ id: string }[]>('id');
      ids.agreement = agreement!.id;
      const items = await tx('framework_items')
        .insert([
          {
            agreement_id: agreement!.id,
            number: 1,
            classification: '5612150101',
            description: { ko: '사무용 의자', en: 'Office chair' },
            unit: 'EA',
            ceiling_unit_price: 300_000,
            estimated_quantity: 2000,
          },
          {
            agreement_id: agreement!.id,
            number: 2,
            classification: '5610170301',
            description: { ko: '책상', en: 'Desk' },
            unit: 'EA',
            ceiling_unit_price: 500_000,
            estimated_quantity: 1000,
          },
        ])
        .returning<{ id: string }[]>('id');
      const parties = [];
      for (const [rank, bid] of notice.bids.entries()) {
        const [party] = await tx('framework_parties')
          .insert({
            agreement_id: agreement!.id,
            supplier_id: bid.bidder.supplierId,
            bid_id: bid.bidId,
            rank: rank + 1,
          })
          .returning<{ id: string }[]>('id');
        const prices = await tx('framework_prices')
          .insert(
            items.map((item, i) => ({
              party_id: party!.id,
              item_id: item.id,
              unit_price: (i + 1) * 250_000 + rank * 10_000,
            })),
          )
          .returning<{ id: string }[]>('id');
        parties.push({ id: party!.id, supplierId: bid.bidder.supplierId, priceId: prices[0]!.id });
      }
      const [line] = await tx('budget_lines')
        .insert({
          agency_id: officer.agency_id,
          fiscal_year: 2026,
          code: 'FUR-01',
          label: { en: 'Furniture' },
          amount: 900_000_000,
        })
        .returning<{ id: string }[]>('id');
      const order = (no: string, over: Record<string, unknown>) => ({
        order_no: no,
        kind: 'call-off',
        agency_id: officer.agency_id,
        agreement_id: agreement!.id,
        budget_line_id: line!.id,
        delivery_address: '정부세종청사 6동',
        deliver_by: '2026-11-30',
        placed_by: officer.id,
        ...over,
      });
      const [waiting, accepted, competing, cancelled] = await tx('delivery_orders')
        .insert([
          order('DO-2026-000001', {
            supplier_id: parties[0]!.supplierId,
            total: 25_000_000,
            status: 'awaiting-supplier',
          }),
          order('DO-2026-000002', {
            supplier_id: parties[1]!.supplierId,
            total: 26_000_000,
            status: 'accepted',
            decided_by: officer.id,
            decided_at: new Date('2026-09-22T01:00:00Z'),
          }),
          order('DO-2026-000003', { total: 300_000_000, status: 'in-competition' }),
          order('DO-2026-000004', { supplier_id: parties[0]!.supplierId, total: 250_000, status: 'cancelled' }),
        ])
        .returning<{ id: string }[]>('id');
      ids.waiting = waiting!.id;
      ids.accepted = accepted!.id;
      ids.competing = competing!.id;
      ids.cancelled = cancelled!.id;
      for (const [o, qty, price] of [
        [waiting!, 100, 250_000],
        [accepted!, 100, 260_000],
        [competing!, 1200, 250_000],
        [cancelled!, 1, 250_000],
      ] as const)
        await tx('delivery_order_lines').insert({
          order_id: o.id,
          number: 1,
          item_id: items[0]!.id,
          description: 'Office chair',
          classification: '5612150101',
          unit: 'EA',
          quantity: qty,
          unit_price: price,
        });
      const [contract] = await tx('contracts')
        .insert({
          contract_no: 'C-DO-2026-000002',
          supplier_id: parties[1]!.supplierId,
          agency_id: officer.agency_id,
          value: 26_000_000,
          starts_on: '2026-09-22',
          ends_on: '2026-11-30',
          content: {},
          content_hash: HASH,
          status: 'active',
          deposit_percent: 0,
          deposit_amount: 0,
          order_id: accepted!.id,
          ...by,
        })
        .returning<{ id: string }[]>('id');
      ids.contract = contract!.id;
      await tx('delivery_orders').where({ id: accepted!.id }).update({ contract_id: contract!.id });
      const [competition] = await tx('second_competitions')
        .insert({ order_id: competing!.id, closes_at: new Date('2026-09-25T01:00:00Z') })
        .returning<{ id: string }[]>('id');
      ids.competition = competition!.id;
      await tx('competition_quotes').insert({
        competition_id: competition!.id,
        supplier_id: parties[0]!.supplierId,
        receipt_no: 'Q-2026-000001',
        submitted_by: officer.id,
        submitted_at: new Date('2026-09-21T01:00:00Z'),
        sealed_quote: SEALED,
        quote_hash: HASH,
      });
      // An innovative product bought directly: its own process, no framework.
      const [product] = await tx('innovative_products')
        .insert({
          designation_no: 'IP-2026-000001',
          supplier_id: parties[0]!.supplierId,
          name: { ko: '자율주행 배송 로봇', en: 'Delivery robot' },
          description: { en: 'Indoor robot' },
          classification: '2510170001',
          unit: 'EA',
          unit_price: 25_000_000,
          evidence: 'NEP 2026-114',
          designated_from: '2026-09-01',
          designated_until: '2029-08-31',
          designated_by: officer.id,
        })
        .returning<{ id: string }[]>('id');
      const [direct] = await tx('delivery_orders')
        .insert({
          ...order('DO-2026-000005', {
            supplier_id: parties[0]!.supplierId,
            total: 50_000_000,
            status: 'awaiting-supplier',
          }),
          kind: 'innovative',
          agreement_id: null,
          product_id: product!.id,
        })
        .returning<{ id: string }[]>('id');
      ids.direct = direct!.id;
      await tx('delivery_order_lines').insert({
        order_id: direct!.id,
        number: 1,
        description: 'Delivery robot',
        classification: '2510170001',
        unit: 'EA',
        quantity: 2,
        unit_price: 25_000_000,
      });
      // Published as the services' audited changes publish them (publishing-trail.ts).
      const publish = (action: string, type: string, id: string) =>
        publishFor(tx, world.tenant, undefined, action, { type, id });
      await publish('framework.concluded', 'framework', agreement!.id);
      for (const id of [waiting!.id, accepted!.id, competing!.id, direct!.id])
        await publish('order.placed', 'delivery-order', id);
      await publish('competition.started', 'second-competition', competition!.id);
      await publish('order.accepted', 'delivery-order', accepted!.id);
      await publish('contract.signed', 'contract', contract!.id);
      await publish('order.cancelled', 'delivery-order', cancelled!.id);
    });
    const page = await request(world.app).get(api('/ocds/release-packages?limit=1000')).expect(200);
    releases = (page.body as { releases: Json[] }).releases;
  });
  after(() => world.platform.close());

  it('validates the release and record packages against OCDS 1.1.5, codelists included', async () => {
    const validators = ocdsValidators();
    const page = await request(world.app).get(api('/ocds/release-packages?limit=1000')).expect(200);
    assert.deepEqual(validators.releasePackage(page.body), []);
    const records = await request(world.app).get(api('/ocds/record-packages?limit=1000')).expect(200);
    assert.deepEqual(validators.recordPackage(records.body), []);
    const allowed = new Set([CATEGORY_SCHEME, PRODUCT_SCHEME]);
    for (const release of releases) assert.deepEqual(codelistProblems(release, allowed), [], release.ocid as string);
    const one = await request(world.app)
      .get(api(`/ocds/records/${prefix}-DO-2026-000002`))
      .expect(200);
    assert.deepEqual(validators.recordPackage(one.body), []);
  });

  it("shows the framework's items with their ceiling unit prices, and each party's price list as an award", () => {
    const release = last(`${prefix}-${notice.id}`);
    const items = release.tender.items as Json[];
    assert.deepEqual(
      items.map((i): unknown[] => [i.id, i.description, i.unit.name, i.unit.value.amount, i.quantity]),
      [
        ['1', '사무용 의자', 'EA', 300_000, 2000],
        ['2', '책상', 'EA', 500_000, 1000],
      ],
    );
    assert.equal(release.tender.contractPeriod.endDate, '2027-09-30T00:00:00Z');
    const awards = release.awards as Json[];
    assert.equal(awards.length, 2);
    assert.deepEqual(
      awards.map((a) => (a.items as Json[]).map((i): unknown => i.unit.value.amount)),
      [
        [250_000, 500_000],
        [260_000, 510_000],
      ],
    );
    assert.deepEqual(
      awards.map((a): unknown => a.status),
      ['active', 'active'],
    );
  });

  it('publishes each placed order as its own process, linked to the framework notice', () => {
    const frameworkOcid = `${prefix}-${notice.id}`;
    const orderOcids = ['DO-2026-000001', 'DO-2026-000002', 'DO-2026-000003', 'DO-2026-000005'].map(
      (n) => `${prefix}-${n}`,
    );
    const published = new Set(releases.map((r) => r.ocid as string));
    for (const ocid of orderOcids) assert.ok(published.has(ocid), ocid);
    assert.equal(new Set([frameworkOcid, ...orderOcids]).size, 5, 'distinct ocids');
    for (const ocid of orderOcids.slice(0, 3)) {
      const related = last(ocid).relatedProcesses as Json[];
      assert.deepEqual(
        related.map((r) => ({ id: r.id, relationship: r.relationship, scheme: r.scheme, identifier: r.identifier })),
        [{ id: '1', relationship: ['framework'], scheme: 'ocid', identifier: frameworkOcid }],
      );
      assert.equal(related[0]!.title, '사무용 가구 다수공급자계약');
      assert.match(related[0]!.uri as string, new RegExp(`/ocds/records/${frameworkOcid}$`));
    }
    const methods = orderOcids.map((o) => last(o).tender.procurementMethod as string);
    assert.deepEqual(methods, ['limited', 'limited', 'selective', 'direct']);
    assert.equal(last(orderOcids[3]!).relatedProcesses, undefined, 'a direct purchase follows no framework');
  });

  it("awards an order to its supplier once known, and carries the accepted order's contract", () => {
    const waiting = last(`${prefix}-DO-2026-000001`);
    assert.equal(waiting.awards[0].status, 'pending');
    assert.deepEqual(waiting.contracts, []);
    const accepted = last(`${prefix}-DO-2026-000002`);
    assert.equal(accepted.awards[0].status, 'active');
    assert.equal(accepted.awards[0].value.amount, 26_000_000);
    assert.deepEqual(
      (accepted.contracts as Json[]).map((c): unknown[] => [c.id, c.awardID, c.status, c.value.amount]),
      [['C-DO-2026-000002', 'DO-2026-000002-award', 'active', 26_000_000]],
    );
    assert.deepEqual(accepted.tag, ['contractUpdate']);
    assert.equal(accepted.buyer.id, waiting.buyer.id);
    assert.equal(accepted.items, undefined);
    assert.equal(accepted.tender.items[0].unit.value.amount, 260_000);
  });

  it('keeps a sealed quote out before the competition opened, and a cancelled order never published stays out', () => {
    const competing = ofOcid(`${prefix}-DO-2026-000003`);
    assert.ok(competing.length >= 2);
    const text = JSON.stringify(releases);
    assert.ok(!text.includes(SEALED));
    assert.ok(!text.includes('Q-2026-000001'));
    for (const r of competing) {
      assert.equal(r.tender.status, 'active');
      assert.equal(r.tender.numberOfTenderers, undefined);
      assert.deepEqual(r.awards, []);
    }
    assert.equal(ofOcid(`${prefix}-DO-2026-000004`).length, 0);
  });

  it('publishes how many quotes a second competition had, and its winner, once it opened', async () => {
    await inTenant(world.tenant, async (tx) => {
      await tx('second_competitions')
        .where({ id: ids.competition })
        .update({ status: 'opened', opened_at: new Date('2026-09-25T01:00:00Z') });
      await tx('competition_quotes').where({ competition_id: ids.competition }).update({ total: 290_000_000 });
      const winner = await tx('competition_quotes')
        .where({ competition_id: ids.competition })
        .first<{ supplier_id: string }>('supplier_id');
      await tx('delivery_orders')
        .where({ id: ids.competing })
        .update({ status: 'awaiting-supplier', supplier_id: winner.supplier_id, total: 290_000_000 });
      await publishFor(tx, world.tenant, undefined, 'competition.opened', {
        type: 'second-competition',
        id: ids.competition!,
      });
    });
    const page = await request(world.app)
      .get(api(`/ocds/release-packages?limit=1000&ocid=${prefix}-DO-2026-000003`))
      .expect(200);
    const opened = (page.body as { releases: Json[] }).releases.at(-1)!;
    assert.deepEqual(opened.tag, ['award']);
    assert.equal(opened.tender.numberOfTenderers, 1);
    assert.equal(opened.tender.procurementMethod, 'selective');
    assert.equal(opened.awards[0].status, 'pending');
    assert.equal(opened.awards[0].value.amount, 290_000_000);
    assert.ok(!JSON.stringify(page.body).includes(SEALED));
    assert.deepEqual(ocdsValidators().releasePackage(page.body), []);
  });
});
