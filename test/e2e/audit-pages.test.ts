import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../server/audit/trail.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { signIn, type Agent } from '../support/session.js';
import { binaryBody } from '../support/binary.js';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#x27': "'",
  '#x3D': '=',
  '#x60': '`',
};
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#x27|#x3D|#x60);/g, (_, e: string) => ENTITIES[e]!);

/** The cells of the result table, as text: [seq, time, actor, action (its code), target, summary, address, block]. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, tr]) =>
    // The action cell shows the action in words, its code in the title: the code is read here.
    [...tr!.matchAll(/<td([^>]*)>([\s\S]*?)<\/td>/g)].map(([, attributes, td]) =>
      decode(
        (/title="([^"]*)"/.exec(attributes!)?.[1] ?? td!)
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    ),
  );
}

describe("the auditor's audit trail pages", () => {
  let platform: TestPlatform;
  let app: Express;
  let services: Services;
  let slug: string;
  let tenant: TenantHandle;
  let auditor: Agent;
  const TRICKY_TARGET = 'S-1, "Acme" Ltd';
  const FORMULA_TARGET = '=HYPERLINK("http://example.invalid")';
  const NOTE = 'کۆمپانیای بیناسازی — ក្រុមហ៊ុនសំណង់';

  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('korea', { demo: true })).slug;
    app = await platform.app();
    services = await platform.services();
    tenant = (await platform.tenancy.resolve(slug))!;
    auditor = await signIn(app, slug, `auditor@${slug}.demo`);
    await signIn(app, slug, `officer@${slug}.demo`);
    await inTenant(tenant, async (tx) => {
      await services.audit.record(tx, tenant, SYSTEM_ACTOR, {
        action: 'supplier.approve',
        target: { type: 'supplier', id: TRICKY_TARGET },
        summary: { note: NOTE, before: { status: 'pending' }, after: { status: 'approved' } },
      });
      await services.audit.record(tx, tenant, SYSTEM_ACTOR, {
        action: 'supplier.flagged',
        target: { type: 'supplier', id: FORMULA_TARGET },
      });
    });
    await services.sealer.settle();
    // The demo tenant speaks Korean by default; these pages are checked in English.
    await auditor.get(`/t/${slug}/audit?lng=en`).expect(200);
  });
  after(() => platform.close());

  it('lists the trail newest first, in the tenant time zone, with the block sealing each entry', async () => {
    const res = await auditor.get(`/t/${slug}/audit`).expect(200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.text, /Time \(Asia\/Seoul\)/);
    const rows = tableRows(res.text);
    assert.ok(rows.length >= 4, `only ${rows.length} rows`);
    const seqs = rows.map((r) => Number(r[0]));
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
    );
    const iso = /<time datetime="([^"]+)">/.exec(res.text)![1]!;
    const seoul = new Intl.DateTimeFormat('en-u-nu-latn', {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: 'Asia/Seoul',
    }).format(new Date(iso));
    assert.equal(rows[0]![1], seoul);
    assert.ok(
      rows.every((r) => /^Block \d+$/.test(r[7]!)),
      'every entry sealed after settle()',
    );
    const approval = rows.find((r) => r[3] === 'supplier.approve')!;
    assert.equal(approval[2], 'system');
    assert.equal(approval[4], `supplier ${TRICKY_TARGET}`);
    assert.equal(JSON.parse(approval[5]!).note, NOTE);
    assert.match(res.text, new RegExp(`href="/t/${slug}/audit/export\\.csv"`));
    assert.match(res.text, new RegExp(`href="/t/${slug}/audit/verify"`));
  });

  it('filters by exact action and by action prefix', async () => {
    const exact = tableRows((await auditor.get(`/t/${slug}/audit?action=supplier.approve`).expect(200)).text);
    assert.deepEqual(
      exact.map((r) => r[3]),
      ['supplier.approve'],
    );
    const prefix = tableRows((await auditor.get(`/t/${slug}/audit?action=auth.`).expect(200)).text);
    assert.ok(prefix.length >= 2);
    assert.ok(prefix.every((r) => r[3]!.startsWith('auth.')));
    const starred = tableRows((await auditor.get(`/t/${slug}/audit?action=supplier.*`).expect(200)).text);
    assert.deepEqual(starred.map((r) => r[3]).sort(), ['supplier.approve', 'supplier.flagged']);
    // LIKE wildcards typed by the auditor are plain characters.
    const wildcard = tableRows((await auditor.get(`/t/${slug}/audit?action=%25.`).expect(200)).text);
    assert.deepEqual(wildcard, []);
  });

  it('filters by actor, given as an e-mail address or as a label such as system', async () => {
    const officer = `officer@${slug}.demo`;
    const res = await auditor.get(`/t/${slug}/audit?actor=${encodeURIComponent(officer.toUpperCase())}`).expect(200);
    const rows = tableRows(res.text);
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((r) => r[2] === officer));
    assert.match(res.text, new RegExp(`value="${officer.toUpperCase()}"`), 'the filter stays in the form');
    const system = tableRows((await auditor.get(`/t/${slug}/audit?actor=system`).expect(200)).text);
    assert.deepEqual(system.map((r) => r[3]).sort(), ['supplier.approve', 'supplier.flagged']);
  });

  it('filters by target and by days, and pages through the results', async () => {
    const target = tableRows(
      (await auditor.get(`/t/${slug}/audit`).query({ targetType: 'supplier', targetId: TRICKY_TARGET }).expect(200))
        .text,
    );
    assert.deepEqual(
      target.map((r) => r[3]),
      ['supplier.approve'],
    );
    const future = await auditor.get(`/t/${slug}/audit?from=2999-01-01&to=2999-12-31`).expect(200);
    assert.deepEqual(tableRows(future.text), []);
    assert.match(future.text, /No entry matches this filter/);
    const today = tableRows((await auditor.get(`/t/${slug}/audit?from=2000-01-01&to=2999-12-31`).expect(200)).text);
    assert.ok(today.length >= 4);
  });

  it('exports CSV with a BOM, a header row and RFC 4180 quoting, and records the export', async () => {
    const res = await auditor
      .get(`/t/${slug}/audit/export.csv?actor=system`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(
      String(res.headers['content-disposition']),
      new RegExp(`^attachment; filename="?audit-${slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"?$`),
    );
    const bytes = res.body as Buffer;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    assert.equal(
      lines[0],
      'seq,at,actor_type,actor_id,actor_label,action,target_type,target_id,summary,request_id,client_address,entry_hash,block_no',
    );
    assert.equal(lines.at(-1), '', 'every record ends with CRLF');
    assert.equal(lines.length, 4, 'header, two entries, final CRLF');
    assert.ok(lines[1]!.includes(`,supplier.approve,supplier,"S-1, ""Acme"" Ltd",`), lines[1]);
    assert.ok(lines[1]!.includes(NOTE), 'Kurdish and Khmer survive as UTF-8');
    assert.match(lines[1]!, /^\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,system,,system,/);
    // A cell a spreadsheet would run as a formula is defused.
    assert.ok(lines[2]!.includes(`"'=HYPERLINK(""http://example.invalid"")"`), lines[2]);

    const trail = tableRows((await auditor.get(`/t/${slug}/audit?action=audit.exported`).expect(200)).text);
    assert.equal(trail.length, 1);
    assert.equal(trail[0]![2], `auditor@${slug}.demo`);
    assert.deepEqual(JSON.parse(trail[0]![5]!), {
      format: 'csv',
      filter: { actor: 'system' },
      entries: 2,
      truncated: false,
    });
  });

  it('exports JSON that parses, oldest first, with each entry and its block', async () => {
    const res = await auditor
      .get(`/t/${slug}/audit/export.json?action=auth.login`)
      .expect(200)
      .expect('Content-Type', /application\/json/);
    assert.match(String(res.headers['content-disposition']), new RegExp(`filename="?audit-${slug}-[\\d-]+\\.json"?$`));
    const body = JSON.parse(res.text) as {
      tenant: string;
      filter: Record<string, string>;
      entries: { seq: number; action: string; at: string; blockNo: number | null; entryHash: string }[];
    };
    assert.equal(body.tenant, slug);
    assert.deepEqual(body.filter, { action: 'auth.login' });
    assert.equal(body.entries.length, 2);
    assert.ok(body.entries.every((e) => e.action === 'auth.login' && typeof e.blockNo === 'number'));
    assert.ok(body.entries[0]!.seq < body.entries[1]!.seq);
    assert.match(body.entries[0]!.entryHash, /^[0-9a-f]{64}$/);
  });

  it('verifies the chain and says it is valid', async () => {
    await services.sealer.settle();
    const res = await auditor.get(`/t/${slug}/audit/verify`).expect(200);
    assert.match(res.text, /Valid: every sealed entry, block and link of the chain checks out/);
    assert.doesNotMatch(res.text, /Broken/);
    assert.match(res.text, /docs\/audit-trail\.md/);
  });

  it('gives the form back with a message (422, not 500) for a malformed date', async () => {
    const res = await auditor.get(`/t/${slug}/audit?from=2026-02-30&actor=someone`).expect(422);
    assert.match(res.text, /id="from-error" role="alert">Enter a date as YYYY-MM-DD\.</);
    assert.match(res.text, /name="from" type="date" value="2026-02-30"/);
    assert.match(res.text, /value="someone"/);
    const reversed = await auditor.get(`/t/${slug}/audit?from=2026-03-02&to=2026-03-01`).expect(422);
    assert.match(reversed.text, /The end date must not be before the start date/);
    await auditor.get(`/t/${slug}/audit/export.csv?to=yesterday`).expect(422);
    await auditor.get(`/t/${slug}/audit?page=0`).expect(422);
  });

  it('refuses an officer with 403', async () => {
    const officer = await signIn(app, slug, `officer@${slug}.demo`);
    for (const path of ['/audit', '/audit/export.csv', '/audit/export.json', '/audit/verify']) {
      await officer.get(`/t/${slug}${path}`).expect(403);
    }
  });

  it('sends an anonymous visitor to the sign-in page', async () => {
    for (const path of ['/audit', '/audit/export.csv', '/audit/verify']) {
      const res = await request(app).get(`/t/${slug}${path}`).expect(302);
      assert.equal(res.headers.location, `/t/${slug}/login?next=${encodeURIComponent(`/t/${slug}${path}`)}`);
    }
  });

  it('pages through 50 entries at a time, keeping the filter in the links', async () => {
    const robot = { actor: { type: 'user' as const, id: 'robot-1', label: 'Bulk robot' } };
    await inTenant(tenant, async (tx) => {
      for (let i = 0; i < 55; i++) await services.audit.record(tx, tenant, robot, { action: 'test.bulk' });
    });
    const first = await auditor.get(`/t/${slug}/audit?action=test.bulk&actor=robot-1`).expect(200);
    assert.equal(tableRows(first.text).length, 50);
    assert.match(first.text, /55 entries/);
    assert.match(first.text, /Page 1 of 2/);
    const next = decode(/<a href="([^"]+)" rel="next">/.exec(first.text)![1]!);
    assert.equal(next, `/t/${slug}/audit?actor=robot-1&action=test.bulk&page=2`);
    const second = await auditor.get(next).expect(200);
    const rows = tableRows(second.text);
    assert.equal(rows.length, 5);
    assert.deepEqual(
      rows.map((r) => r[2]),
      Array(5).fill('Bulk robot'),
    );
    assert.match(second.text, /rel="prev"/);
    assert.doesNotMatch(second.text, /rel="next"/);
  });
});
