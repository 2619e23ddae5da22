/**
 * A framework agreement from draft to price changes (korea, multiple reserve prices): terms set
 * on a draft, three sealed price lists (one above a ceiling), opening, evaluation and a final
 * award that concludes the agreement with two parties; the price lists stay unread until the
 * opening; changes within the rule are approved, beyond it refused; another tenant sees nothing.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import {
  attachTenderDocuments,
  buildNotice,
  buildSuppliers,
  buildTenant,
  type TenderWorld,
} from '../support/factories.js';
import { securityFor, tenantBase } from '../support/tender.js';

const ITEMS = [
  {
    number: 1,
    classification: '4321150101',
    description: { ko: '데스크톱 컴퓨터', en: 'Desktop computer' },
    unit: 'EA',
    ceilingUnitPrice: 50_000,
    estimatedQuantity: 1000,
  },
  {
    number: 2,
    classification: '4321190201',
    description: { ko: '모니터', en: 'Monitor' },
    unit: 'EA',
    ceilingUnitPrice: 100_000,
    estimatedQuantity: 500,
  },
];
const TERMS = { startsOn: '2026-10-01', endsOn: '2027-09-30', maxValue: 500_000_000, maxParties: 5, items: ITEMS };
/** Unit prices by bidder: A and B within the ceilings, C above item 1's. */
const LISTS = { A: [40_000, 100_000], B: [47_000, 94_000], C: [52_000, 85_000] };
const totalOf = (list: number[]) => list[0]! * 1000 + list[1]! * 500;
/** Unit prices that appear nowhere else before the opening (as plain numbers and with separators). */
const PROBES = ['40000', '40,000', '47000', '47,000', '52000', '52,000', '85000', '85,000'];

async function emails(world: TenderWorld): Promise<string> {
  const rows = await inTenant(world.tenant, (tx) => tx('outbound_emails').select('subject', 'body_text'));
  return JSON.stringify(rows);
}

function assertNoPrices(text: string, where: string) {
  for (const probe of PROBES) assert.ok(!text.includes(probe), `${where} shows ${probe} before the opening`);
}

describe('framework agreements (korea)', () => {
  let world: TenderWorld;
  let other: TenderWorld | undefined;
  after(async () => {
    await world?.platform.close();
    await other?.platform.close();
  });

  it('concludes an agreement with the parties within the ceilings and changes prices only within the rule', async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    const base = tenantBase(world);
    const notice = await buildNotice(world, {
      state: 'draft',
      fields: {
        title_ko: '전산장비 다수공급자계약',
        estimatedPrice: 100_000_000,
        baseAmount: 100_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
    });
    const api = `${base}/api/v1/notices/${notice.id}`;

    // Terms on the draft: bounded by the rule (36 months, 30 parties).
    const tooLong = await request(world.app)
      .put(`${api}/framework?lng=en`)
      .set(world.officer)
      .send({ ...TERMS, endsOn: '2030-01-01' })
      .expect(422);
    assert.ok(JSON.stringify(tooLong.body).includes('endsOn'));
    await request(world.app)
      .put(`${api}/framework`)
      .set(world.officer)
      .send({ ...TERMS, maxParties: 31 })
      .expect(422);
    await request(world.app)
      .put(`${api}/framework`)
      .set(world.officer)
      .send({ ...TERMS, items: [] })
      .expect(422);
    const set = await request(world.app).put(`${api}/framework`).set(world.officer).send(TERMS).expect(200);
    assert.match(set.body.agreementNo as string, /^FA-2026-\d{6}$/);
    assert.equal(set.body.status, 'tendering');
    const agreementId = set.body.id as string;
    // Not published yet: the public does not see the terms.
    await request(world.app).get(`${api}/framework`).expect(404);

    await attachTenderDocuments({ app: world.app, slug: world.slug, base, auth: world.officer }, notice.id, 1);
    const published = await request(world.app).post(`${api}/publish?lng=en`).set(world.officer).expect(200);
    await request(world.app).put(`${api}/framework`).set(world.officer).send(TERMS).expect(409);
    const terms = await request(world.app).get(`${api}/framework`).expect(200);
    assert.deepEqual(
      (terms.body.items as { number: number; ceilingUnitPrice: number }[]).map((i) => [i.number, i.ceilingUnitPrice]),
      [
        [1, 50_000],
        [2, 100_000],
      ],
    );

    // Bids: a price list for every item, the price its total.
    const [a, b, c] = await buildSuppliers(world, 3, 'FWK');
    const bid = (list: number[], extra: Record<string, unknown> = {}) => ({
      price: totalOf(list),
      bidSecurityAmount: securityFor(totalOf(list)),
      picks: [1, 2],
      priceList: list.map((unitPrice, i) => ({ item: i + 1, unitPrice })),
      ...extra,
    });
    const missing = await request(world.app)
      .post(`${api}/bids?lng=en`)
      .set(a!.auth)
      .send(bid(LISTS.A, { priceList: [{ item: 1, unitPrice: 40_000 }] }))
      .expect(422);
    assert.ok(JSON.stringify(missing.body).includes('priceList'));
    const wrongTotal = await request(world.app)
      .post(`${api}/bids?lng=en`)
      .set(a!.auth)
      .send(bid(LISTS.A, { price: 90_000_001, bidSecurityAmount: 5_000_000 }))
      .expect(422);
    assert.ok(JSON.stringify(wrongTotal.body).includes('"price"'));
    const bids: Record<string, string> = {};
    for (const [name, bidder, list] of [
      ['A', a, LISTS.A],
      ['B', b, LISTS.B],
      ['C', c, LISTS.C],
    ] as const) {
      const receipt = await request(world.app)
        .post(`${api}/bids`)
        .set(bidder!.auth)
        .send(bid([...list]))
        .expect(201);
      bids[name] = receipt.body.bidId as string;
      assertNoPrices(JSON.stringify(receipt.body), 'the receipt');
    }

    // Before the opening nothing shows a unit price: pages, API, e-mails, the bids' rows.
    await request(world.app).get(`${api}/opening`).expect(404);
    await request(world.app).get(`${base}/api/v1/frameworks/${agreementId}`).expect(404);
    const officerView = await request(world.app)
      .get(`${base}/api/v1/frameworks/${agreementId}`)
      .set(world.officer)
      .expect(200);
    assert.deepEqual(officerView.body.partyList, []);
    for (const text of [
      JSON.stringify(officerView.body),
      JSON.stringify((await request(world.app).get(`${api}/bids`).set(a!.auth)).body),
      (await request(world.app).get(`${base}/notices/${notice.id}`)).text,
      (await request(world.app).get(`${base}/notices/${notice.id}/framework`)).text,
      await emails(world),
      JSON.stringify(
        await inTenant(world.tenant, (tx) => tx('bids').where({ notice_id: notice.id }).select('sealed_price')),
      ),
    ])
      assertNoPrices(text, 'a read before the opening');

    // Opening, evaluation (A is the lowest above the floor), award, standstill, final.
    await world.setClock(published.body.openingAt as string, [a!, b!, c!]);
    const opened = await request(world.app).post(`${api}/open`).set(world.officer).expect(200);
    assert.equal(opened.body.outcome, 'opened');
    assert.deepEqual(
      (opened.body.bids as { priceList: { unitPrice: number }[] }[])
        .map((x) => x.priceList.map((p) => p.unitPrice))
        .sort((x, y) => x[0]! - y[0]!),
      [LISTS.A, LISTS.B, LISTS.C],
    );
    assert.ok((opened.body.bids as { hashVerified: boolean }[]).every((x) => x.hashVerified));
    // The published record leaves the price lists to the agreement.
    const publicRecord = await request(world.app).get(`${api}/opening`).expect(200);
    assert.ok(!JSON.stringify(publicRecord.body).includes('priceList'));
    const state = await request(world.app).get(`${api}/evaluation/lowest-price`).set(world.officer).expect(200);
    assert.equal(state.body.next.bidId, bids.A);
    await request(world.app)
      .post(`${api}/evaluation/reviews`)
      .set(world.officer)
      .send({ bidId: bids.A, score: 100, reasons: 'Meets every criterion.' })
      .expect(201);
    const award = await request(world.app).post(`${api}/award`).set(world.officer).expect(201);
    await request(world.app).get(`${base}/api/v1/frameworks/${agreementId}`).expect(404);
    await world.setClock(award.body.standstillEndsAt as string, [a!, b!, c!]);
    await request(world.app).post(`${api}/award/finalize`).set(world.officer).expect(200);

    // Concluded: A and B are parties with their unit prices; C (above a ceiling) is not.
    const concluded = await request(world.app).get(`${base}/api/v1/frameworks/${agreementId}`).expect(200);
    assert.equal(concluded.body.status, 'active');
    type Party = {
      supplierId: string;
      rank: number;
      prices: { id: string; itemNumber: number; unitPrice: number; deliveryDays: number }[];
    };
    const parties = concluded.body.partyList as Party[];
    assert.deepEqual(
      parties.map((p) => [p.supplierId, p.rank, p.prices.map((x) => x.unitPrice)]),
      [
        [a!.supplierId, 1, LISTS.A],
        [b!.supplierId, 2, LISTS.B],
      ],
    );
    assert.ok(parties.every((p) => p.prices.every((x) => x.deliveryDays === 14)));
    assert.deepEqual(concluded.body.changes, []);
    const page = await request(world.app).get(`${base}/frameworks/${agreementId}?lng=en`).expect(200);
    assert.ok(page.text.includes('40,000') && page.text.includes('Desktop computer'));
    const mail = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .whereIn('recipient', [a!.email, b!.email, c!.email])
        .where('subject', 'like', '%FA-2026-%')
        .pluck('recipient'),
    );
    assert.deepEqual(new Set(mail), new Set([a!.email, b!.email]));
    const audit = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ target_id: agreementId, action: 'framework.concluded' }).first(),
    );
    assert.equal(audit.summary.rule, 'framework-agreement v1');
    assert.deepEqual(audit.summary.excluded, [{ bidId: bids.C, reason: 'above-ceiling' }]);

    const mine = await request(world.app).get(`${base}/api/v1/frameworks/mine`).set(a!.auth).expect(200);
    assert.equal(mine.body.agreements.length, 1);
    const [aItem1, aItem2] = parties[0]!.prices;
    const [bItem1] = parties[1]!.prices;
    const changes = `${base}/api/v1/frameworks/price-changes`;

    // Within 10 % and the ceiling: approved, the price's version moves on.
    await request(world.app).post(changes).set(a!.auth).send({ priceId: aItem1!.id, toPrice: 43_000 }).expect(422);
    const ok = await request(world.app)
      .post(changes)
      .set(a!.auth)
      .send({ priceId: aItem1!.id, toPrice: 43_000, reason: 'Memory prices rose.' })
      .expect(201);
    await request(world.app)
      .post(changes)
      .set(a!.auth)
      .send({ priceId: aItem1!.id, toPrice: 44_000, reason: 'Again.' })
      .expect(409);
    await request(world.app)
      .post(changes)
      .set(c!.auth)
      .send({ priceId: aItem1!.id, toPrice: 41_000, reason: 'Not ours.' })
      .expect(404);
    await request(world.app)
      .post(`${changes}/${ok.body.id as string}/decision`)
      .set(a!.auth)
      .send({ decision: 'approved' })
      .expect(403);
    const approved = await request(world.app)
      .post(`${changes}/${ok.body.id as string}/decision`)
      .set(world.officer)
      .send({ decision: 'approved', note: 'Within the rule.' })
      .expect(200);
    assert.equal(approved.body.unitPrice, 43_000);

    // More than 10 % up: refused, naming the most it may become (47,300).
    const tooMuch = await request(world.app)
      .post(changes)
      .set(a!.auth)
      .send({ priceId: aItem1!.id, toPrice: 48_000, reason: 'Chip shortage.' })
      .expect(201);
    const refused = await request(world.app)
      .post(`${changes}/${tooMuch.body.id as string}/decision?lng=en`)
      .set(world.officer)
      .send({ decision: 'approved' })
      .expect(422);
    assert.equal(refused.body.maxPrice, 47_300);
    assert.match(refused.body.title as string, /47,300/);
    await request(world.app)
      .post(`${changes}/${tooMuch.body.id as string}/decision`)
      .set(world.officer)
      .send({ decision: 'rejected', note: 'Above the rule.' })
      .expect(200);

    // Above the ceiling (50,000) though within 10 %: refused with the ceiling.
    const above = await request(world.app)
      .post(changes)
      .set(b!.auth)
      .send({ priceId: bItem1!.id, toPrice: 51_000, reason: 'Costs.' })
      .expect(201);
    const ceiling = await request(world.app)
      .post(`${changes}/${above.body.id as string}/decision?lng=en`)
      .set(world.officer)
      .send({ decision: 'approved' })
      .expect(422);
    assert.equal(ceiling.body.maxPrice, 50_000);

    // An index-linked change recorded by the officer; the supplier's own delivery days and stock.
    const indexed = await request(world.app)
      .post(changes)
      .set(world.officer)
      .send({ priceId: aItem2!.id, toPrice: 99_000, reason: 'Price index fell 1 %.' })
      .expect(201);
    await request(world.app)
      .post(`${changes}/${indexed.body.id as string}/decision`)
      .set(world.officer)
      .send({ decision: 'approved' })
      .expect(200);
    await request(world.app)
      .post(`${base}/api/v1/frameworks/prices/terms`)
      .set(a!.auth)
      .send({ priceId: aItem1!.id, deliveryDays: 7, stock: 120 })
      .expect(200);
    await request(world.app)
      .post(`${base}/api/v1/frameworks/prices/terms`)
      .set(b!.auth)
      .send({ priceId: aItem1!.id, deliveryDays: 7 })
      .expect(404);

    const after = await request(world.app)
      .get(`${base}/api/v1/frameworks/${agreementId}`)
      .set(world.officer)
      .expect(200);
    const aPrices = (after.body.partyList as Party[])[0]!.prices as (Party['prices'][number] & {
      version: number;
      stock: number;
    })[];
    assert.deepEqual(
      aPrices.map((p) => [p.unitPrice, p.version, p.deliveryDays, p.stock]),
      [
        [43_000, 2, 7, 120],
        [99_000, 2, 14, null],
      ],
    );
    assert.deepEqual((after.body.changes as { status: string; kind: string }[]).map((x) => [x.kind, x.status]).sort(), [
      ['index-linked', 'approved'],
      ['requested', 'approved'],
      ['requested', 'rejected'],
      ['requested', 'requested'],
    ]);
    const actions = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ target_id: agreementId }).orderBy('seq').pluck<string[]>('action'),
    );
    for (const action of [
      'framework.terms-set',
      'framework.concluded',
      'framework.price-change-requested',
      'framework.price-change-approved',
      'framework.price-change-rejected',
      'framework.terms-updated',
    ])
      assert.ok(actions.includes(action), `no ${action} in the audit trail`);

    // Pages in every role's hands.
    await request(world.app).get(`${base}/frameworks/mine?lng=en`).expect(302);

    // Another tenant knows nothing of it.
    other = await buildTenant('korea', { at: '2026-09-20T01:00:00Z' });
    await request(other.app)
      .get(`${tenantBase(other)}/api/v1/frameworks/${agreementId}`)
      .expect(404);
    await request(other.app)
      .get(`${tenantBase(other)}/api/v1/frameworks/${agreementId}`)
      .set(other.officer)
      .expect(404);
  });
});
