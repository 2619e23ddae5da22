import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import { tenantDisplayName } from '../../server/http/tenant-locals.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';
import { parseCsv } from '../support/csv.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { staffSignIn } from '../support/session.js';
import { binaryBody } from '../support/binary.js';

/** Week 45 of 2026: Monday 2 to Sunday 8 November, read in Ho Chi Minh City (UTC+7). */
const WEEK = '2026-W45';

interface Ticket {
  opened: string;
  topic: string;
  language: string;
  outcome?: 'resolved' | 'escalated' | 'no-action';
  closed?: string;
}

/** Vietnam's calls: four in the week (one on Tuesday there, still Monday in UTC), two outside it. */
const VIETNAM: Ticket[] = [
  // Monday 09:00 there, resolved in 3 hours.
  {
    opened: '2026-11-02T02:00:00Z',
    topic: 'bid-submission',
    language: 'vi',
    outcome: 'resolved',
    closed: '2026-11-02T05:00:00Z',
  },
  // Tuesday 00:30 there (Monday in UTC), still open.
  { opened: '2026-11-02T17:30:00Z', topic: 'sign-in', language: 'en' },
  // Wednesday, passed on after 5 hours.
  {
    opened: '2026-11-04T03:00:00Z',
    topic: 'registration',
    language: 'vi',
    outcome: 'escalated',
    closed: '2026-11-04T08:00:00Z',
  },
  // Sunday evening, closed the next week.
  {
    opened: '2026-11-08T13:00:00Z',
    topic: 'other',
    language: 'vi',
    outcome: 'no-action',
    closed: '2026-11-09T03:00:00Z',
  },
  // The week before, closed in this one after 96 hours: counted in the time to resolution only.
  {
    opened: '2026-10-30T02:00:00Z',
    topic: 'registration',
    language: 'vi',
    outcome: 'resolved',
    closed: '2026-11-03T02:00:00Z',
  },
  // Monday 01:00 of the next week there (still Sunday in UTC): not in the week.
  { opened: '2026-11-08T18:00:00Z', topic: 'other', language: 'vi' },
];

/** Kurdistan's: seven calls about payments in Kurdish, which the agent must never see. */
const KURDISTAN: Ticket[] = Array.from({ length: 7 }, (_, i) => ({
  opened: `2026-11-0${3 + (i % 4)}T08:00:00Z`,
  topic: 'contract-payment',
  language: 'ckb',
}));

async function insertTickets(tenant: TenantHandle, tickets: Ticket[]): Promise<void> {
  const staffId = randomUUID();
  await inTenant(tenant, (tx) =>
    tx('support_tickets').insert(
      tickets.map((t, i) => ({
        ticket_no: `T-${tenant.slug}-${i}`,
        caller_name: 'Caller',
        language: t.language,
        topic: t.topic,
        status: t.outcome ? 'closed' : 'open',
        outcome: t.outcome ?? null,
        assigned_staff_id: staffId,
        assigned_staff_label: 'agent@platform.test',
        assigned_staff_language: 'en',
        opened_by_staff_id: staffId,
        opened_at: t.opened,
        closed_at: t.closed ?? null,
      })),
    ),
  );
}

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('the call-center weekly report', () => {
  let platform: TestPlatform;
  let app: Express;
  let vietnam: TenantHandle;
  let kurdistan: TenantHandle;
  let agent: ReturnType<typeof request.agent>;

  before(async () => {
    platform = await testPlatform();
    vietnam = (await platform.tenancy.resolve((await platform.createTenant('vietnam', { demo: true })).slug))!;
    kurdistan = (await platform.tenancy.resolve((await platform.createTenant('kurdistan', { demo: true })).slug))!;
    await insertTickets(vietnam, VIETNAM);
    await insertTickets(kurdistan, KURDISTAN);
    app = await platform.app();
    const services = await platform.services();
    const email = `${uniqueSlug('agent')}@platform.test`;
    await services.staff.upsert({
      email,
      name: 'Report Agent',
      role: 'agent',
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
      grants: [vietnam.slug],
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    agent = await staffSignIn(app, email);
  });
  after(() => platform.close());

  it('shows the granted tenant’s week, by day in the agent’s zone, and nothing of another tenant', async () => {
    const page = await agent.get(`/platform/reports/calls?week=${WEEK}&lng=en`).expect(200);
    const html = page.text;
    assert.doesNotMatch(html, /<script/i);
    assert.ok(html.includes(escaped(tenantDisplayName(vietnam, 'en'))));
    for (const lng of ['en', 'ckb', 'ar'] as const) assert.ok(!html.includes(tenantDisplayName(kurdistan, lng)));
    assert.ok(!html.includes(kurdistan.slug));
    assert.doesNotMatch(html, /Kurdish \(Sorani\)|Contracts and payments<\/bdi><\/th><td class="chart__number">[1-9]/);
    // The totals: four calls, one still open; three tickets closed, median 5 h, average 34.7 h.
    assert.match(html, /<dt>Calls received<\/dt>\s*<dd>4<\/dd>/);
    assert.match(html, /<dt>Of these, still open<\/dt>\s*<dd>1<\/dd>/);
    assert.match(html, /<dt>Tickets closed<\/dt>\s*<dd>3<\/dd>/);
    assert.match(html, /<dt>Median time to resolution<\/dt>\s*<dd>5 hours<\/dd>/);
    assert.match(html, /<dt>Average time to resolution<\/dt>\s*<dd>34.7 hours<\/dd>/);
    // The day chart's table: Monday 1, Tuesday 1 (00:30 there), Wednesday 1, Sunday 1.
    const days = [
      ...html.matchAll(/<th scope="row"><bdi>(\w{3}), (\w{3} \d+)<\/bdi><\/th><td class="chart__number">(\d+)<\/td>/g),
    ]
      .slice(0, 7)
      .map(([, weekday, , calls]) => `${weekday} ${calls}`);
    assert.deepEqual(days, ['Mon 1', 'Tue 1', 'Wed 1', 'Thu 0', 'Fri 0', 'Sat 0', 'Sun 1']);
    assert.match(html, /<bdi>Vietnamese<\/bdi><\/th><td class="chart__number">3<\/td>/);
    assert.match(html, /<bdi>Still open<\/bdi><\/th><td class="chart__number">1<\/td>/);
    assert.match(html, /<svg role="img" aria-label="Calls received each day, by procurement system" direction="ltr"/);
    assert.match(html, /Week 45: November 2\s–\s8, 2026/);
  });

  it('downloads the same figures as CSV and as a spreadsheet', async () => {
    const csv = await agent.get(`/platform/reports/calls.csv?week=${WEEK}&lng=en`).expect(200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /calls-2026-W45\.csv/);
    const rows = parseCsv(csv.text);
    const header = rows[0]!;
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    assert.deepEqual(header.slice(0, 3), ['Week starting', 'Procurement system', 'Calls received']);
    assert.equal(rows.length, 3, 'vietnam and the total, no other tenant');
    const [vn, total] = [rows[1]!, rows[2]!];
    assert.equal(cell(vn, 'Procurement system'), tenantDisplayName(vietnam, 'en'));
    assert.equal(cell(vn, 'Week starting'), '2026-11-02');
    assert.equal(cell(vn, 'Calls received'), '4');
    assert.equal(cell(vn, 'Submitting a bid'), '1');
    assert.equal(cell(vn, 'Contract and payment'), '0');
    assert.equal(cell(vn, 'Still open'), '1');
    assert.equal(cell(vn, 'Closed this week'), '3');
    assert.equal(cell(vn, 'Median hours to resolution'), '5.0');
    assert.equal(cell(total, 'Calls received'), '4');
    assert.ok(!header.includes('Kurdish (Sorani)'));

    const xlsx = await agent
      .get(`/platform/reports/calls.xlsx?week=${WEEK}&lng=en`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.match(String(xlsx.headers['content-disposition']), /calls-2026-W45\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    assert.deepEqual(values(1), header);
    assert.equal(sheet.rowCount, 3);
    const week = values(2)[0];
    assert.ok(week instanceof Date && week.toISOString().startsWith('2026-11-02'));
    assert.equal(values(2)[1], tenantDisplayName(vietnam, 'en'));
    assert.equal(values(2)[2], 4);
    assert.equal(values(3)[2], 4);
    assert.equal(values(2)[header.indexOf('Average hours to resolution')], 104 / 3);
  });

  it('answers a week that does not exist with the form and a message, never an error page', async () => {
    for (const week of ['2026-W60', '2025-W53', 'next', '2026-49']) {
      const res = await agent.get(`/platform/reports/calls?week=${encodeURIComponent(week)}&lng=en`).expect(422);
      assert.match(res.text, /<input id="week" name="week" type="week" value="[^"]*"/);
      assert.match(res.text, /Choose a week that exists/);
      assert.doesNotMatch(res.text, /Calls received/);
    }
    await agent.get('/platform/reports/calls.csv?week=2026-W99').expect(422);
    // No week: the current one, in the agent's zone.
    const current = await agent.get('/platform/reports/calls').expect(200);
    assert.match(current.text, /<input id="week" name="week" type="week" value="\d{4}-W\d{2}"/);
  });

  it('mirrors the page and its charts in Arabic', async () => {
    const page = await agent.get(`/platform/reports/calls?week=${WEEK}&lng=ar`).expect(200);
    assert.match(page.text, /<html lang="ar" dir="rtl">/);
    assert.match(
      page.text,
      /<svg role="img" aria-label="المكالمات الواردة كل يوم، حسب نظام المشتريات" direction="rtl"/,
    );
    // The day chart's first bar (Monday) stands right of its last (Sunday).
    const svg = /<svg [\s\S]*?<\/svg>/.exec(page.text)![0];
    const barX = (day: number) =>
      Number(
        new RegExp(`<path d="M([\\d.]+) [^"]*"[^>]*ecmeta_series_index="0" ecmeta_data_index="${day}"`).exec(svg)![1],
      );
    assert.ok(barX(0) > barX(6));
    assert.match(page.text, /<dt>المكالمات الواردة<\/dt>\s*<dd>4<\/dd>/);
  });

  it('keeps the report from anonymous visitors', async () => {
    const res = await request(app).get(`/platform/reports/calls?week=${WEEK}`).expect(302);
    assert.equal(res.headers.location, '/platform/login');
    await request(app).get(`/platform/reports/calls.xlsx?week=${WEEK}`).expect(302);
  });
});
