import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createI18n } from '../../server/i18n/i18n.js';
import { PdfPrinter, CHROMIUM_PATH } from '../../server/print/pdf-printer.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { finalAward, KURDISTAN_TENDER } from '../support/award-fixture.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';
import { tenderWorld, type TenderWorld } from '../support/tender.js';

/**
 * PDF in Central Kurdish. With Debian's Chromium (/usr/bin/chromium) the PDF is printed and its
 * text extracted (pdftotext, poppler-utils) and compared after Unicode NFKC normalization; without
 * Chromium the printable HTML page must still work and the PDF action must answer 503 naming the
 * package to install. Either way the test runs (no skipping).
 */
describe('contract PDF in the tenant language (kurdistan, Central Kurdish, right to left)', () => {
  let world: TenderWorld;
  let officer: Agent;
  let contractId: string;
  const TITLE = 'کڕینی ئامێری نووسینگە';
  const AGENCY = 'وەزارەتی پلاندانان';
  const SUPPLIER = 'کۆمپانیای بازرگانیی دیمۆ';
  /**
   * NFKC (Arabic presentation forms to letters), without bidi controls and white space: pdftotext
   * marks right-to-left runs and breaks Arabic-script words where joined glyphs leave gaps.
   */
  const clean = (text: string) => text.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]|\s+/g, '');

  before(async () => {
    world = await tenderWorld('kurdistan', '2026-09-01T01:00:00Z');
    await inTenant(world.tenant, async (tx) => {
      await tx('agencies')
        .where({ code: 'DEMO' })
        .update({ name: JSON.stringify({ en: 'Ministry of Planning', ckb: AGENCY }) });
      await tx('suppliers')
        .where({ registration_no: 'DEMO-0001' })
        .update({ legal_name: JSON.stringify({ en: 'Demo Trading Co.', ckb: SUPPLIER }) });
    });
    const award = await finalAward(world, 88_000_000, KURDISTAN_TENDER);
    // The officer generates the contract through the pages, in the tenant's language (ckb).
    officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const list = await officer.get(`/t/${world.slug}/contracts`).expect(200);
    assert.ok(list.text.includes(`/contracts/new?award=${award.awardId}`));
    const form = await officer.get(`/t/${world.slug}/contracts/new?award=${award.awardId}&lng=en`).expect(200);
    const fields = {
      awardId: award.awardId,
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      title_1: 'کۆمپیوتەری لاپتۆپ',
      amount_1: '60000000',
      dueOn_1: '2026-12-01',
      title_2: 'چاپکەر',
      amount_2: '20000000',
      dueOn_2: '2026-12-15',
      safety_2: 'on',
    };
    const refused = await officer
      .post(`/t/${world.slug}/contracts?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), ...fields })
      .expect(422);
    assert.match(refused.text, /The deliverable amounts add up to/);
    assert.match(refused.text, /value="چاپکەر"/);
    const created = await officer
      .post(`/t/${world.slug}/contracts?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(refused.text), ...fields, amount_2: '28000000' })
      .expect(303);
    contractId = /\/contracts\/([0-9a-f-]{36})$/.exec(String(created.headers.location))![1]!;
  });
  after(() => world.platform.close());

  it('serves the printable page in Central Kurdish, right to left, with the fonts inlined', async () => {
    // Not concluded yet: only the parties (and auditors) may read it.
    await request(world.app).get(`/t/${world.slug}/contracts/${contractId}/print`).expect(404);
    const html = (await officer.get(`/t/${world.slug}/contracts/${contractId}/print`).expect(200)).text;
    assert.match(html, /<html lang="ckb" dir="rtl">/);
    assert.ok(html.includes(TITLE) && html.includes(AGENCY) && html.includes(SUPPLIER));
    assert.ok(html.includes('گرێبەست'));
    assert.match(html, /font-family:'Noto Sans Arabic'.*src:url\(data:font\/woff2;base64,/);
  });

  it('prints the contract PDF with the Central Kurdish title and party names (NFKC), or says what to install', async function () {
    this.timeout(90_000);
    const res = await request(world.app)
      .get(`/t/${world.slug}/api/v1/contracts/${contractId}/pdf`)
      .set(world.officer)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    if (!existsSync(CHROMIUM_PATH)) {
      assert.equal(res.status, 503);
      assert.match(JSON.parse((res.body as Buffer).toString()).title as string, /chromium/i);
      return;
    }
    assert.equal(res.status, 200, (res.body as Buffer).toString().slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.body as Buffer;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'contract-pdf-')), 'contract.pdf');
    writeFileSync(file, pdf);
    // pdftotext comes with poppler-utils (installed by .ci/run next to chromium).
    const text = clean(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'));
    for (const expected of [TITLE, AGENCY, SUPPLIER, 'گرێبەست'])
      assert.ok(text.includes(clean(expected)), `the PDF text lacks ${expected}:\n${text.slice(0, 800)}`);
  });

  it('prints more contracts at once than the cap of simultaneous prints: every request gets its PDF in turn', async function () {
    this.timeout(180_000);
    const services = await world.platform.services();
    const asked = services.printer.concurrency + 2;
    const answers = await Promise.all(
      Array.from({ length: asked }, () =>
        request(world.app)
          .get(`/t/${world.slug}/api/v1/contracts/${contractId}/pdf`)
          .set(world.officer)
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          }),
      ),
    );
    for (const res of answers) {
      if (!existsSync(CHROMIUM_PATH)) {
        assert.equal(res.status, 503);
        continue;
      }
      assert.equal(res.status, 200, (res.body as Buffer).toString().slice(0, 300));
      assert.equal((res.body as Buffer).subarray(0, 5).toString(), '%PDF-');
    }
  });

  it('answers 503 with a localized message naming the package when Chromium is missing', async () => {
    const printer = new PdfPrinter('/nonexistent/chromium');
    const i18n = await createI18n();
    await assert.rejects(
      printer.print('<p>x</p>'),
      (error: { status: number; key: string; params: Record<string, unknown> }) => {
        assert.equal(error.status, 503);
        assert.match(i18n.getFixedT('en')(error.key, error.params), /install Chromium \(Debian package “chromium”/);
        assert.match(i18n.getFixedT('ckb')(error.key, error.params), /Chromium دابمەزرێنە/);
        return true;
      },
    );
  });
});
