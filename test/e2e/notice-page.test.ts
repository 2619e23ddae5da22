import assert from 'node:assert/strict';
import request from 'supertest';
import { formatMoney } from '../../server/i18n/format.js';
import { jobId } from '../../server/jobs/catalog.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { finalAward, type AwardTender } from '../support/award-fixture.js';
import { buildNotice } from '../support/factories.js';
import { PDF, sha256 } from '../support/addenda-world.js';
import { draftNotice, publishedPlanEntry, tenderWorld, type TenderWorld } from '../support/tender.js';
import { untilJobDone } from '../support/waiting.js';

/** Text with its isolation marks gone and every run of spaces (no-break ones too) one space. */
const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ');

/** The page's text as a reader sees it: tags, attributes and scripts gone. */
const visible = (html: string) => plain(html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]*>/g, ' '));

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('the public notice page', () => {
  let world: TenderWorld;
  let noticeId: string;
  const iqd = (minor: number) => plain(formatMoney(minor, 'IQD', 'en'));
  // Kurdistan (Asia/Baghdad, UTC+3): 09:00 on Tuesday 1 September 2026.
  before(async () => {
    world = await tenderWorld('kurdistan', '2026-09-01T06:00:00Z');
  });
  after(() => world.platform.close());
  const page = (path: string) => request(world.app).get(`/t/${world.slug}${path}`);

  it('shows who buys, how, what and when, with the documents, in the reader’s language', async () => {
    const planEntryId = await publishedPlanEntry(world, { title_ckb: 'پلانی ئامێری پزیشکی', title_en: 'Medical plan' });
    noticeId = await draftNotice(world, {
      planEntryId,
      title_ckb: 'کڕینی ئامێری پزیشکی',
      title_en: 'Medical equipment for Erbil hospitals',
      estimatedPrice: 96_000_000,
      bidSecurityPercent: 5,
      lots: ['Northern hospitals', 'Southern hospitals'],
      submissionDeadline: '2026-09-15T10:00',
      openingAt: '2026-09-15T11:00',
    });
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${noticeId}/documents`)
      .set(world.officer)
      .attach('documents', PDF, 'specification.pdf')
      .expect(201);
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${noticeId}/publish?lng=en`)
      .set(world.officer)
      .expect(200);

    const res = await page(`/notices/${noticeId}?lng=en`).expect(200);
    const text = visible(res.text);
    // The demo officer's name is written in the tenant's own language (seed.ts).
    const officerName = await inTenant(world.tenant, (tx) =>
      tx('users')
        .where({ email: `officer@${world.slug}.demo` })
        .first<{ display_name: string }>('display_name'),
    );
    for (const expected of [
      'Medical equipment for Erbil hospitals',
      'Contracting agency Ministry of Planning (demo)',
      `Contact person ${officerName.display_name}`,
      `officer@${world.slug}.demo`,
      'Procurement method Open tender · Domestic',
      'Category Goods',
      'Evaluation method Lowest price with qualification review',
      `Estimated price ${iqd(96_000_000)}`,
      'Bid security 5 % of the bid price',
      'Published Tuesday, September 1, 2026 at 9:00 AM',
      'Submission deadline Tuesday, September 15, 2026 at 10:00 AM closes in 14 days',
      'Opening Tuesday, September 15, 2026 at 11:00 AM in 14 days',
      'Times are in Arabian Standard Time.',
      'Lot 1 Northern hospitals',
      'Lot 2 Southern hospitals',
      'specification.pdf',
      sha256(PDF),
    ])
      assert.ok(text.includes(expected), `the page shows "${expected}"`);
    assert.doesNotMatch(text, ISO_INSTANT, 'no ISO timestamp on the page');
    assert.match(res.text, new RegExp(`href="/t/${world.slug}/notices/${noticeId}/print"`));
  });

  it('reads the page in one statement, whatever the notice holds', async () => {
    // The alerts its publication queued read the notice too, in the background: let them finish.
    const { queues } = await world.platform.services();
    await untilJobDone(queues.queues.notifications, jobId('alerts', world.slug, noticeId));
    const sent: string[] = [];
    const listener = (q: { sql: string }) => sent.push(q.sql);
    world.tenant.db.on('query', listener);
    try {
      await page(`/notices/${noticeId}?lng=en`).expect(200);
    } finally {
      world.tenant.db.off('query', listener);
    }
    const reads = sent.filter((sql) => /notice/i.test(sql));
    assert.equal(reads.length, 1, `one statement reads the notice's page: ${JSON.stringify(sent)}`);
  });

  it('is shown in each of the tenant’s languages, with its facts translated', async () => {
    const ckb = await page(`/notices/${noticeId}?lng=ckb`).expect(200);
    assert.match(ckb.text, /<html lang="ckb" dir="rtl">/);
    assert.ok(ckb.text.includes('کڕینی ئامێری پزیشکی'));
    assert.ok(ckb.text.includes('کەسی پەیوەندی'));
    assert.ok(ckb.text.includes('٪ی نرخی ئۆفەر'));
    const ar = await page(`/notices/${noticeId}?lng=ar`).expect(200);
    assert.match(ar.text, /<html lang="ar" dir="rtl">/);
    assert.ok(ar.text.includes('الجهة المتعاقدة'));
    assert.ok(ar.text.includes('الأوقات حسب'));
    for (const res of [ckb, ar]) assert.doesNotMatch(visible(res.text), ISO_INSTANT);
  });

  it('prints: the same facts in a print layout, without forms or navigation, and a print button from a file', async () => {
    const res = await page(`/notices/${noticeId}/print?lng=en`).expect(200);
    assert.match(res.text, /<body class="print-view">/);
    assert.match(res.text, /<script src="\/static\/print.js" defer><\/script>/);
    assert.doesNotMatch(res.text, /<script>|<form /);
    assert.doesNotMatch(res.text, /class="main-nav"/);
    const text = visible(res.text);
    assert.ok(text.includes('Medical equipment for Erbil hospitals'));
    assert.ok(text.includes('Printed on Tuesday, September 1, 2026 at 9:00 AM'));
    assert.ok(text.includes('+964 66 000 0000'));
    const script = await request(world.app).get('/static/print.js').expect(200);
    assert.match(script.text, /window\.print\(\)/);
  });

  it('keeps bid prices sealed until the opening, then shows them in the opening record', async () => {
    const notice = await buildNotice(world, {
      state: 'open',
      fields: {
        title_en: 'Office furniture',
        submissionDeadline: '2026-09-15T10:00',
        openingAt: '2026-09-15T11:00',
      },
      bids: [91_111_111, 92_222_222],
    });
    const before = await page(`/notices/${notice.id}?lng=en`).expect(200);
    for (const price of [91_111_111, 92_222_222]) {
      assert.ok(!visible(before.text).includes(iqd(price)), 'no sealed price on the page');
      assert.ok(!before.text.includes(String(price)), 'no sealed price in any form');
    }
    assert.ok(visible(before.text).includes('The bids are sealed until the opening time.'));

    await world.setClock('2026-09-15T08:05:00Z');
    await request(world.app).post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`).set(world.officer).expect(200);
    const after = await page(`/notices/${notice.id}?lng=en`).expect(200);
    const text = visible(after.text);
    for (const price of [91_111_111, 92_222_222]) assert.ok(text.includes(iqd(price)), 'opened prices are shown');
    assert.ok(text.includes('closed 1 hour ago'));
  });

  it('shows the award once awarded: winner, amount and standstill', async () => {
    // The clock stands after the first tender's opening: this one runs later.
    const later: AwardTender = {
      planTitle: { title_ckb: 'پلانی کورسی', title_en: 'Chairs plan' },
      noticeTitle: { title_ckb: 'کورسی', title_en: 'Chairs' },
      deadline: '2026-10-01T10:00',
      opening: '2026-10-01T11:00',
      openAt: '2026-10-01T08:05:00Z',
    };
    const award = await finalAward(world, 88_000_000, later);
    const res = await page(`/notices/${award.noticeId}?lng=en`).expect(200);
    const text = visible(res.text);
    assert.ok(text.includes('Demo Trading Co.'), 'the winner');
    assert.ok(text.includes(iqd(88_000_000)), 'the amount');
    assert.match(res.text, /id="award-heading"/);
    assert.doesNotMatch(text, ISO_INSTANT);
  });
});

describe('the tenant home page', () => {
  let world: TenderWorld;
  const built: string[] = [];
  before(async () => {
    world = await tenderWorld('kurdistan', '2026-09-01T06:00:00Z');
  });
  after(() => world.platform.close());

  it('shows the latest notices, the openings of the coming week and key figures, never a hidden price', async () => {
    const fields = { submissionDeadline: '2026-09-15T10:00', openingAt: '2026-09-15T11:00' };
    for (const extra of [
      { title_en: 'Ambulances', estimatedPrice: 120_000_000 },
      { title_en: 'Secret valves', estimatedPrice: 77_700_000, estimatedPriceHidden: true },
    ]) {
      built.push((await buildNotice(world, { state: 'open', fields: { ...fields, ...extra } })).id);
    }
    const first = await request(world.app).get(`/t/${world.slug}/?lng=en`).expect(200);
    let text = visible(first.text);
    assert.ok(text.includes('Ambulances') && text.includes('Secret valves'), 'the latest notices');
    assert.ok(text.includes('Notices open for bids 2'), text);
    assert.ok(text.includes('Notices published in 2026 2'), 'published this year');
    assert.ok(text.includes('Registered suppliers 1'), 'the approved suppliers: the demo company');
    const value = plain(formatMoney(120_000_000, 'IQD', 'en'));
    assert.ok(text.includes(`Disclosed estimated value published this year ${value}`), 'disclosed value');
    assert.ok(!text.includes('77,700,000'), 'a hidden estimated price is neither shown nor summed');
    assert.ok(text.includes('No openings in the next seven days.'), 'no opening this week');
    assert.ok(text.includes('Tuesday, September 15, 2026 at 10:00 AM in 14 days'), 'time left');

    await world.setClock('2026-09-10T06:00:00Z');
    text = visible((await request(world.app).get(`/t/${world.slug}/?lng=en`).expect(200)).text);
    assert.ok(!text.includes('No openings in the next seven days.'), 'an opening this week');
    assert.ok(text.includes('Tuesday, September 15, 2026 at 11:00 AM in 5 days'), text);
  });

  it('reads the home page in one statement', async () => {
    // The alerts the publications queued read notices too, in the background: let them finish.
    const { queues } = await world.platform.services();
    for (const id of built) await untilJobDone(queues.queues.notifications, jobId('alerts', world.slug, id));
    const sent: string[] = [];
    const listener = (q: { sql: string }) => sent.push(q.sql);
    world.tenant.db.on('query', listener);
    try {
      await request(world.app).get(`/t/${world.slug}/?lng=ckb`).expect(200);
    } finally {
      world.tenant.db.off('query', listener);
    }
    assert.equal(sent.filter((sql) => /notices|instance/.test(sql)).length, 1, JSON.stringify(sent));
  });
});
