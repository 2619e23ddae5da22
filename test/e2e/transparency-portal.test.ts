/**
 * The public transparency portal of a tenant, read without signing in: each list shows what was
 * published and never a draft; search and filters narrow it; CSV and XLSX downloads carry its
 * rows; the statistics match a hand calculation on the data built here; agency and supplier
 * pages; no sealed price of a notice still open anywhere on the portal; one tenant's data never on
 * another's portal; and an address the portal cannot read answers a localized 400 page.
 */
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { sealTenant } from '../../server/audit/sealer.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { parseCsv } from '../support/csv.js';
import { buildNotice, buildTenant, type BuiltNotice, type TenderWorld } from '../support/factories.js';
import { binaryBody } from '../support/binary.js';

const days = (at: Date, n: number) => new Date(at.getTime() + n * 86_400_000);
/** A local time in Erbil (UTC+3 all year), as the notice form takes it. */
const baghdad = (at: Date) => new Date(at.getTime() + 3 * 3_600_000).toISOString().slice(0, 16);
const NOW = '2026-09-01T07:00:00Z';
/** The sealed prices of the notice still open: never on any portal page or download. */
const SEALED = [87_654_321, 88_123_457];
const SINGLE_BID = 91_234_000;

/** The text with every digit Latin and the separators between digits gone, to find a number in any formatting. */
function digitsOf(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/(\d)[\s,.\u066b\u066c\u00a0\u202f'’]+(?=\d)/g, '$1');
}

async function xlsxRows(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) =>
          v instanceof Date
            ? v.toISOString()
            : typeof v === 'object' || v === undefined || v === null
              ? ''
              : String(v as string | number),
        ),
    );
  });
  return rows;
}

describe('transparency portal', function () {
  this.timeout(240_000);
  let kurdistan: TenderWorld;
  let vietnam: TenderWorld;
  let contracted: BuiltNotice;
  let single: BuiltNotice;
  let open: BuiltNotice;
  let draft: BuiltNotice;
  let viet: BuiltNotice;
  const base = (world: TenderWorld) => `/t/${world.slug}/transparency`;
  const get = (world: TenderWorld, path: string) => request(world.app).get(`${base(world)}${path}`);

  before(async function () {
    this.timeout(600_000);
    kurdistan = await buildTenant('kurdistan', { at: NOW });
    contracted = await buildNotice(kurdistan, {
      state: 'contracted',
      fields: {
        title_ckb: 'جێگای نەخۆشخانە',
        title_en: 'Hospital beds',
        estimatedPrice: 100_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: '2026-09-15T10:00',
        openingAt: '2026-09-15T10:30',
      },
      bids: [90_000_000, 95_000_000],
      bidderPrefix: 'BED',
    });
    const final = new Date(contracted.award!.standstillEndsAt);
    single = await buildNotice(kurdistan, {
      state: 'opened',
      fields: {
        title_en: 'Ambulance tyres',
        bidSecurityPercent: 2,
        submissionDeadline: baghdad(days(final, 20)),
        openingAt: baghdad(days(final, 20.1)),
      },
      bids: [SINGLE_BID],
      bidderPrefix: 'ONE',
    });
    const later = days(final, 21);
    open = await buildNotice(kurdistan, {
      state: 'open',
      fields: {
        title_en: 'Laboratory centrifuges',
        bidSecurityPercent: 2,
        submissionDeadline: baghdad(days(later, 30)),
        openingAt: baghdad(days(later, 30.1)),
      },
      bids: SEALED,
      bidderPrefix: 'LAB',
    });
    draft = await buildNotice(kurdistan, {
      state: 'draft',
      plan: { title_ckb: 'پلانی تایە', title_en: 'Tyre plan' },
      fields: {
        title_en: 'Secret draft tyres',
        submissionDeadline: baghdad(days(later, 40)),
        openingAt: baghdad(days(later, 40.1)),
      },
    });
    // A plan entry left in draft: never public.
    await request(kurdistan.app)
      .post(`/t/${kurdistan.slug}/api/v1/plans`)
      .set(kurdistan.officer)
      .send({
        title_ckb: 'پلانی نهێنی',
        title_en: 'Unpublished plan',
        fiscalYear: 2026,
        category: 'works',
        estimatedBudget: 700_000_000,
        quarter: 4,
        method: 'open',
      })
      .expect(201);
    await sealTenant(kurdistan.tenant, { keys: kurdistan.platform.keys });

    vietnam = await buildTenant('vietnam', { at: NOW });
    viet = await buildNotice(vietnam, {
      state: 'contracted',
      fields: {
        title_vi: 'Thiết bị trường học',
        title_en: 'School equipment',
        estimatedPrice: 300_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: '2026-09-21T10:00',
        openingAt: '2026-09-21T10:30',
      },
      bids: [250_000_000, 260_000_000],
      bidderPrefix: 'VNS',
    });
  });
  after(async () => {
    await kurdistan?.platform.close();
    await vietnam?.platform.close();
  });

  it('lists what was published, never a draft plan entry or a draft notice', async () => {
    const plans = (await get(kurdistan, '/plans?lng=en').expect(200)).text;
    assert.match(plans, /Hospital beds/);
    assert.match(plans, /Tyre plan/);
    assert.doesNotMatch(plans, /Unpublished plan/);
    const notices = (await get(kurdistan, '/notices?lng=en').expect(200)).text;
    for (const title of ['Hospital beds', 'Ambulance tyres', 'Laboratory centrifuges'])
      assert.match(notices, new RegExp(title));
    assert.doesNotMatch(notices, /Secret draft tyres/);
    assert.match(notices, new RegExp(`/notices/${contracted.id}/timeline`), 'links the notice to its timeline page');
    for (const path of ['/', '/openings', '/awards', '/contracts', '/statistics'])
      assert.doesNotMatch((await get(kurdistan, `${path}?lng=en`).expect(200)).text, /Secret draft tyres/, path);
  });

  it('publishes who bid what only for an opening that opened', async () => {
    const page = (await get(kurdistan, '/openings?lng=en').expect(200)).text;
    assert.match(page, /BED Supplier 1 Ltd\. bid IQD\s90,000,000/);
    assert.match(page, /Ambulance tyres/);
    assert.match(page, /Not published: the tender failed at its opening/);
    assert.doesNotMatch(page, /ONE Supplier 1 Ltd\./);
    assert.ok(!digitsOf(page).includes(String(SINGLE_BID)));
    assert.match(page, new RegExp(single.noticeNo!));
  });

  it('narrows the lists by search words and filters', async () => {
    const found = (await get(kurdistan, '/notices?lng=en&q=beds').expect(200)).text;
    assert.match(found, /Hospital beds/);
    assert.doesNotMatch(found, /Ambulance tyres|Laboratory centrifuges/);
    const kurdish = (await get(kurdistan, `/notices?lng=ckb&q=${encodeURIComponent('نەخۆشخانە')}`).expect(200)).text;
    assert.match(kurdish, /جێگای نەخۆشخانە/);
    assert.doesNotMatch(kurdish, /Ambulance tyres/);
    const failed = (await get(kurdistan, '/notices?lng=en&status=unsuccessful').expect(200)).text;
    assert.match(failed, /Ambulance tyres/);
    assert.doesNotMatch(failed, /Hospital beds|Laboratory centrifuges/);
    const works = (await get(kurdistan, '/notices?lng=en&category=works').expect(200)).text;
    assert.doesNotMatch(works, /Hospital beds|Ambulance tyres/);
    assert.match(works, /Nothing published matches/);
    assert.doesNotMatch((await get(kurdistan, '/awards?lng=en&year=2025').expect(200)).text, /Hospital beds/);
    assert.match(
      (await get(kurdistan, '/awards?lng=en&year=2026&agency=DEMO&method=open').expect(200)).text,
      /Hospital beds/,
    );
    assert.doesNotMatch((await get(kurdistan, '/awards?lng=en&method=direct').expect(200)).text, /Hospital beds/);
    const bySupplier = (await get(kurdistan, '/contracts?lng=en&q=BED%20Supplier').expect(200)).text;
    assert.match(bySupplier, /Hospital beds/);
  });

  it('downloads a list as CSV and as XLSX with its rows', async () => {
    const csv = await get(kurdistan, '/awards?lng=en&format=csv').expect(200);
    assert.match(csv.headers['content-type'] ?? '', /text\/csv/);
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0]!.slice(0, 5), ['Notice number', 'Title', 'Agency', 'Supplier', 'Category']);
    assert.equal(rows.length, 2);
    const row = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    assert.equal(row.Title, 'Hospital beds');
    assert.equal(row.Supplier, 'BED Supplier 1 Ltd.');
    assert.equal(row['Award amount'], '90000000');
    assert.equal(row.Status, 'Final');

    const xlsx = await get(kurdistan, '/contracts?lng=en&format=xlsx').buffer(true).parse(binaryBody).expect(200);
    const sheet = await xlsxRows(xlsx.body as Buffer);
    assert.equal(sheet.length, 2);
    assert.equal(sheet[0]![0], 'Contract number');
    assert.equal(sheet[1]![0], contracted.contract!.contractNo);
    assert.ok(sheet[1]!.includes('90000000'), JSON.stringify(sheet[1]));

    const notices = parseCsv((await get(kurdistan, '/notices?lng=en&format=csv').expect(200)).text);
    assert.equal(notices.length, 4, 'three published notices and the header');
  });

  it('counts the statistics as a hand calculation does', async () => {
    const page = (await get(kurdistan, '/statistics?lng=en&year=2026').expect(200)).text;
    const figure = (label: string) => new RegExp(`<dt>${label}</dt><dd>([^<]*)</dd>`).exec(page)?.[1];
    // Three notices published (the draft is not), two opened: one with two bidders, one with one.
    assert.equal(figure('Tenders published'), '3');
    assert.equal(figure('Tenders opened'), '2');
    assert.equal(figure('Average bidders per tender'), '1.5');
    assert.equal(figure('Tenders with a single bid'), '50%');
    // Published at NOW, concluded when both signed, at the end of the standstill.
    const expected = (Date.parse(contracted.award!.standstillEndsAt) - Date.parse(NOW)) / 86_400_000;
    const text = new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(expected);
    assert.equal(figure('Average days from notice to contract'), text);
    assert.equal(figure('Median days from notice to contract'), text);
    assert.equal(figure('Contracts signed'), '1');
    assert.equal((page.match(/<svg/g) ?? []).length, 7, 'six volume charts and the budget execution chart');
    assert.match(page, /IQD\s90,000,000/, 'the value awarded');
    // Every plan entry budgets 500,000,000: four published entries.
    assert.match(page, /IQD\s2,000,000,000/, 'the planned budget');
    const empty = (await get(kurdistan, '/statistics?lng=en&year=2024').expect(200)).text;
    assert.match(empty, /No tender was published for this fiscal year/);
  });

  it('shows what an agency bought and what a supplier won', async () => {
    const agency = (await get(kurdistan, '/agencies/DEMO?lng=en').expect(200)).text;
    assert.match(agency, /BED Supplier 1 Ltd\./);
    assert.match(agency, /Open/);
    assert.match(agency, /IQD\s90,000,000/);
    assert.match(agency, new RegExp(contracted.contract!.contractNo));
    const winner = contracted.winner!.bidder.supplierId;
    const supplier = (await get(kurdistan, `/suppliers/${winner}?lng=en`).expect(200)).text;
    assert.match(supplier, /Hospital beds/);
    assert.match(supplier, /BED-0001/);
    assert.doesNotMatch(supplier, /bed-0001@|Market Street|\+00 000/, 'no e-mail, address or telephone');
    // A company that bid and lost, or never won anything, has no page.
    await get(kurdistan, `/suppliers/${contracted.bids[1]!.bidder.supplierId}?lng=en`).expect(404);
    await get(kurdistan, '/agencies/NOPE?lng=en').expect(404);
  });

  it('lists the signed audit heads with their hash, key and link to the JSON API', async () => {
    const head = await inTenant(kurdistan.tenant, (tx) =>
      tx('audit_heads').orderBy('block_no', 'desc').first<{ block_hash: string; key_id: string }>(),
    );
    const page = (await get(kurdistan, '/audit-heads?lng=en').expect(200)).text;
    assert.match(page, new RegExp(head.block_hash));
    assert.match(page, new RegExp(head.key_id));
    assert.match(page, new RegExp(`/t/${kurdistan.slug}/api/v1/audit/heads`));
    assert.doesNotMatch(page, /\d{4}-\d{2}-\d{2}T\d{2}:/, 'no ISO timestamp');
    const front = (await get(kurdistan, '?lng=en').expect(200)).text;
    for (const path of ['release-packages', 'record-packages', 'exports'])
      assert.match(front, new RegExp(`/t/${kurdistan.slug}/api/v1/ocds/${path}`));
  });

  it('never shows a sealed price of a notice still open, on any page or download', async () => {
    const winner = contracted.winner!.bidder.supplierId;
    const paths = [
      '',
      '/plans',
      '/notices',
      '/openings',
      '/awards',
      '/contracts',
      '/statistics',
      '/audit-heads',
      '/agencies/DEMO',
      `/suppliers/${winner}`,
    ];
    const texts: string[] = [];
    for (const path of paths) {
      for (const lng of ['en', 'ckb', 'ar']) texts.push((await get(kurdistan, `${path}?lng=${lng}`).expect(200)).text);
    }
    for (const list of ['plans', 'notices', 'openings', 'awards', 'contracts'])
      texts.push((await get(kurdistan, `/${list}?lng=en&format=csv`).expect(200)).text);
    const notices = (await get(kurdistan, '/notices?lng=en').expect(200)).text;
    assert.match(notices, /Laboratory centrifuges/, 'the open notice is listed');
    for (const text of texts)
      for (const price of SEALED) assert.ok(!digitsOf(text).includes(String(price)), `${price}`);
    assert.ok(open.bids.length === 2);
  });

  it("keeps each tenant's portal to its own data", async () => {
    const vn = (await get(vietnam, '/awards?lng=en').expect(200)).text;
    assert.match(vn, /School equipment/);
    assert.doesNotMatch(vn, /Hospital beds|BED Supplier/);
    const kd = (await get(kurdistan, '/awards?lng=en').expect(200)).text;
    assert.doesNotMatch(kd, /School equipment|VNS Supplier/);
    await get(vietnam, `/suppliers/${contracted.winner!.bidder.supplierId}?lng=en`).expect(404);
    assert.doesNotMatch((await get(vietnam, '/notices?lng=en&format=csv').expect(200)).text, /Hospital beds/);
    assert.ok(viet.contract);
    assert.ok(draft.id);
  });

  it('answers an address it cannot read with a localized 400 page, never a 500', async () => {
    const bad = await get(kurdistan, '/notices?lng=en&page=abc').expect(400);
    assert.match(bad.headers['content-type'] ?? '', /text\/html/);
    assert.match(bad.text, /This address cannot be read/);
    const ckb = await get(kurdistan, '/awards?lng=ckb&format=pdf').expect(400);
    assert.doesNotMatch(ckb.text, /This address cannot be read/);
    assert.match(ckb.text, /dir="rtl"/);
    for (const path of [
      '/plans?year=abc',
      '/openings?status=won',
      '/statistics?year=1',
      '/audit-heads?page=0',
      '/contracts?page=1&page=2',
    ])
      await get(kurdistan, `${path}&lng=en`).expect(400);
  });
});
