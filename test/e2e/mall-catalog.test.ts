/**
 * The online shopping mall, read without signing in: the catalog holds the items of agreements in
 * force at their active parties' prices and innovative products whose designation is in force;
 * keyword (Korean with a particle, Central Kurdish), classification, supplier and price range
 * narrow it; a filter that does not read shows the page again with a localized message; an offer's
 * page shows its agreement and the other parties' prices, and the cart form only to an agency's
 * buyer; the list of what was ordered shows accepted orders only; one tenant's catalog is never on
 * another's.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { parseCsv } from '../support/csv.js';
import { buildSuppliers, type TenderWorld } from '../support/factories.js';
import { buildTenant } from '../support/factories.js';
import { buildAgreement, buildInnovativeProduct, buildOrder, type BuiltAgreement } from '../support/mall-fixture.js';
import { signIn } from '../support/session.js';

/** Noon in Seoul, morning in Erbil. */
const NOW = '2026-09-01T03:00:00Z';
const PERIOD = { startsOn: '2026-06-01', endsOn: '2027-05-31' };

/** The text with every digit Latin and the separators between digits gone, to find a number in any formatting. */
const digitsOf = (text: string) =>
  text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/(\d)[\s,.\u066b\u066c\u00a0\u202f'’]+(?=\d)/g, '$1');

describe('online shopping mall', function () {
  this.timeout(240_000);
  let korea: TenderWorld;
  let kurdistan: TenderWorld;
  let office: BuiltAgreement;
  let product: string;
  const mall = (world: TenderWorld, path = '') => request(world.app).get(`/t/${world.slug}/mall${path}`);

  // A platform left open keeps its workers, whose reconcile would take up later files' jobs.
  after(async () => {
    await korea?.platform.close();
    await kurdistan?.platform.close();
  });

  before(async function () {
    this.timeout(600_000);
    korea = await buildTenant('korea', { at: NOW });
    kurdistan = await buildTenant('kurdistan', { at: NOW });
    office = await buildAgreement(korea, {
      agreementNo: 'MAS-2026-0001',
      title: { ko: '사무용품 다수공급자계약', en: 'Office supplies framework' },
      ...PERIOD,
      partyStatus: ['active', 'active', 'withdrawn'],
      items: [
        {
          classification: '14111507',
          description: { ko: 'A4 복사용지 (상자)', en: 'Copy paper A4 (box)' },
          unit: 'box',
          ceiling: 30_000,
          prices: [25_000, 26_000, 24_000],
          stock: [500, null, 90],
        },
        {
          classification: '43211503',
          description: { ko: '노트북 컴퓨터', en: 'Laptop computer' },
          unit: 'unit',
          ceiling: 1_500_000,
          prices: [1_200_000, 1_250_000, 1_100_000],
        },
        {
          classification: '39101600',
          description: { ko: 'LED 전등', en: 'LED lamp' },
          unit: 'unit',
          ceiling: 20_000,
          prices: [15_000, null, 14_000],
        },
      ],
    });
    // An agreement whose period is over, and one terminated: neither is in the catalog.
    for (const [no, status, period] of [
      ['MAS-2025-0009', 'active', { startsOn: '2025-01-01', endsOn: '2025-12-31' }],
      ['MAS-2026-0002', 'terminated', PERIOD],
    ] as const)
      await buildAgreement(korea, {
        agreementNo: no,
        title: { ko: '지난 계약', en: 'Past agreement' },
        status,
        ...period,
        suppliers: office.suppliers.slice(0, 1),
        items: [
          {
            classification: '44103103',
            description: { ko: '토너 카트리지', en: 'Toner cartridge' },
            unit: 'unit',
            ceiling: 90_000,
            prices: [80_000],
          },
        ],
      });
    product = await buildInnovativeProduct(korea, {
      designationNo: 'INNO-2026-0001',
      supplier: office.suppliers[0]!,
      name: { ko: '저전력 스마트 가로등', en: 'Low-power smart street light' },
      classification: '39111600',
      unit: 'unit',
      unitPrice: 2_400_000,
      from: '2026-03-01',
      until: '2029-02-28',
    });
    await buildInnovativeProduct(korea, {
      designationNo: 'INNO-2026-0002',
      supplier: office.suppliers[1]!,
      name: { ko: '취소된 스마트 전등', en: 'Revoked smart lamp' },
      classification: '39111600',
      unit: 'unit',
      unitPrice: 1_000_000,
      from: '2026-03-01',
      until: '2029-02-28',
      status: 'revoked',
    });
    const [kurdish] = await buildSuppliers(kurdistan, 1);
    await buildAgreement(kurdistan, {
      agreementNo: 'FA-2026-0001',
      title: { ckb: 'کەلوپەلی نووسینگە', en: 'Office supplies' },
      ...PERIOD,
      suppliers: [kurdish!],
      items: [
        {
          classification: '56101703',
          description: { ckb: 'مێزی نووسینگە', ar: 'مكتب', en: 'Office desk' },
          unit: 'unit',
          ceiling: 400_000,
          prices: [350_000],
        },
      ],
    });
    for (const [orderNo, status, competed, at] of [
      ['DO-2026-0001', 'accepted', false, '2026-07-10T02:00:00Z'],
      ['DO-2026-0002', 'accepted', true, '2026-08-10T02:00:00Z'],
      ['DO-2026-0003', 'declined', false, '2026-08-11T02:00:00Z'],
      ['DO-2026-0004', 'awaiting-supplier', false, '2026-08-12T02:00:00Z'],
    ] as const)
      await buildOrder(korea, {
        orderNo,
        agreementId: office.id,
        supplier: office.suppliers[0]!,
        total: 2_500_000,
        status,
        placedAt: at,
        competed,
      });
    await buildOrder(korea, {
      orderNo: 'DO-2026-0005',
      productId: product,
      supplier: office.suppliers[0]!,
      total: 4_800_000,
      status: 'accepted',
      placedAt: '2026-08-20T02:00:00Z',
    });
  });

  it('offers the items of agreements in force by active parties, and innovative products in force', async () => {
    const page = await mall(korea, '?q=&lng=ko').expect(200);
    // Two parties price paper and laptops, one the lamp; the withdrawn party's cheaper prices are not offered.
    assert.match(page.text, /상품 6건/);
    assert.match(page.text, /저전력 스마트 가로등/);
    assert.doesNotMatch(page.text, /토너 카트리지|취소된 스마트 전등/);
    assert.doesNotMatch(digitsOf(page.text), /\b(24000|1100000|14000)\b/);
    assert.match(page.text, new RegExp(`/innovation/${product}`));
    assert.match(page.text, new RegExp(`/mall/items/${office.prices[0]![0]}`));
  });

  it('finds an item by a Korean keyword written with its particle, and by its stem', async () => {
    const particle = await mall(korea, `?q=${encodeURIComponent('노트북을')}&lng=ko`).expect(200);
    assert.match(particle.text, /상품 2건/);
    assert.match(particle.text, /노트북 컴퓨터/);
    assert.doesNotMatch(particle.text, /복사용지/);
    const stem = await mall(korea, `?q=${encodeURIComponent('복사용지')}&lng=ko`).expect(200);
    assert.match(stem.text, /상품 2건/);
    const english = await mall(korea, `?q=lamp&lng=en`).expect(200);
    assert.match(english.text, /1 offer found/);
  });

  it('finds a Central Kurdish item by its word, in its own tenant only', async () => {
    const found = await mall(kurdistan, `?q=${encodeURIComponent('مێز')}&lng=ckb`).expect(200);
    assert.match(found.text, /مێزی نووسینگە/);
    const all = await mall(kurdistan, '?lng=en').expect(200);
    assert.match(all.text, /1 offer found/);
    assert.doesNotMatch(all.text, /Laptop|Copy paper|street light/);
    const other = await mall(korea, `?q=desk&lng=en`).expect(200);
    assert.match(other.text, /0 offers found/);
    assert.match(other.text, /Nothing in the catalog matches these filters/);
  });

  it('narrows by classification, supplier and price range, and sorts by price', async () => {
    const lamps = await mall(korea, '?classification=39101600&lng=en').expect(200);
    assert.match(lamps.text, /1 offer found/);
    const second = await mall(korea, `?supplier=${office.suppliers[1]!.supplierId}&lng=en`).expect(200);
    assert.match(second.text, /2 offers found/);
    const range = await mall(korea, '?min=20000&max=1%2C000%2C000&lng=en').expect(200);
    assert.match(range.text, /2 offers found/);
    assert.match(range.text, /Copy paper/);
    assert.doesNotMatch(range.text, /Laptop|LED lamp/);
    const cheapest = await mall(korea, '?sort=price-asc&lng=en').expect(200);
    const dearest = await mall(korea, '?sort=price-desc&lng=en').expect(200);
    assert.ok(cheapest.text.indexOf('LED lamp') < cheapest.text.indexOf('Laptop'));
    assert.ok(dearest.text.indexOf('street light') < dearest.text.indexOf('LED lamp'));
  });

  it('shows a filter it cannot read again with a localized message, never an error page', async () => {
    const bad = await mall(korea, '?min=abc&max=5&sort=cheapest&lng=ko').expect(422);
    assert.match(bad.text, /일부 검색 조건을 읽을 수 없습니다/);
    assert.match(bad.text, /목록에서 정렬 방식을 고르세요/);
    assert.match(bad.text, /value="abc"/);
    const inverted = await mall(korea, '?min=500&max=100&lng=en').expect(422);
    assert.match(inverted.text, /The highest price must not be below the lowest/);
    const kurdish = await mall(kurdistan, `?supplier=x&lng=ckb`).expect(422);
    assert.match(kurdish.text, /دابینکەرێک لە لیستەکە هەڵبژێرە/);
  });

  it("shows an offer with its agreement and the other parties' prices, and the cart form to an agency's buyer", async () => {
    const paper = office.prices[0]![0]!;
    const page = await mall(korea, `/items/${paper}?lng=en`).expect(200);
    assert.match(page.text, /Copy paper A4 \(box\)/);
    assert.match(page.text, /MAS-2026-0001/);
    assert.match(page.text, new RegExp(`/frameworks/${office.id}`));
    assert.match(page.text, /Office supplies framework/);
    assert.match(page.text, /500 in stock/);
    assert.match(page.text, /Available on order/);
    assert.match(digitsOf(page.text), /25000/);
    assert.match(digitsOf(page.text), /26000/);
    assert.match(digitsOf(page.text), /30000/);
    assert.doesNotMatch(digitsOf(page.text), /24000/);
    assert.doesNotMatch(page.text, /name="priceId"/);
    const korean = await mall(korea, `/items/${paper}?lng=ko`).expect(200);
    assert.match(korean.text, /A4 복사용지/);

    const officer = await signIn(korea.app, korea.slug, `officer@${korea.slug}.demo`);
    const signedIn = await officer.get(`/t/${korea.slug}/mall/items/${paper}?lng=en`).expect(200);
    assert.match(signedIn.text, new RegExp(`name="priceId" value="${paper}"`));
    assert.match(signedIn.text, /name="_csrf" value="[^"]+"/);
    assert.match(signedIn.text, new RegExp(`action="/t/${korea.slug}/mall/cart/items"`));
  });

  it("does not find a withdrawn party's price, nor another tenant's offer", async () => {
    await mall(korea, `/items/${office.prices[0]![2]}?lng=en`).expect(404);
    const kurdishPrice = await mall(kurdistan, `/items/${office.prices[0]![0]}?lng=en`).expect(404);
    assert.doesNotMatch(kurdishPrice.text, /Copy paper/);
  });

  it('lists accepted orders only, with how each was bought, by agency and period, and as CSV', async () => {
    const page = await mall(korea, '/orders?lng=en').expect(200);
    assert.match(page.text, /DO-2026-0001/);
    assert.match(page.text, /DO-2026-0002/);
    assert.match(page.text, /DO-2026-0005/);
    assert.doesNotMatch(page.text, /DO-2026-0003|DO-2026-0004/);
    assert.match(page.text, /Call-off under the agreement/);
    assert.match(page.text, /After a second competition/);
    assert.match(page.text, /Innovative product, bought directly/);
    assert.doesNotMatch(page.text, /MALL-01|Office supplies<\/|budget/i);
    const august = await mall(korea, '/orders?from=2026-08-01&to=2026-08-31&lng=en').expect(200);
    assert.doesNotMatch(august.text, /DO-2026-0001/);
    assert.match(august.text, /DO-2026-0002/);
    const none = await mall(korea, '/orders?agency=NOPE&lng=en').expect(200);
    assert.match(none.text, /No accepted order matches these filters/);
    const bad = await mall(korea, '/orders?from=yesterday&lng=en').expect(422);
    assert.match(bad.text, /Enter a date/);
    const csv = await mall(korea, '/orders?format=csv&lng=en').expect(200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const rows = parseCsv(csv.text);
    assert.equal(rows.length, 4);
    assert.deepEqual(rows[0], ['Order number', 'Ordered on', 'Agency', 'Supplier', 'Total', 'How it was bought']);
    const other = await mall(kurdistan, '/orders?lng=en').expect(200);
    assert.doesNotMatch(other.text, /DO-2026/);
  });

  it('offers the mall in the navigation of every reader', async () => {
    const page = await request(korea.app).get(`/t/${korea.slug}/notices?lng=en`).expect(200);
    assert.match(page.text, new RegExp(`href="/t/${korea.slug}/mall">Shopping mall<`));
  });
});
