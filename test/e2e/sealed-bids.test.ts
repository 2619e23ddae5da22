import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addBidders, type Bidder } from '../support/bidders.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld, type TenderWorld } from '../support/tender.js';

// Seoul is UTC+9: the deadline is 10:00 on 10 September, the opening 11:00.
const DEADLINE = '2026-09-10T01:00:00.000Z';
const OPENING = '2026-09-10T02:00:00.000Z';
const PRICES = [93_456_789, 91_234_567, 95_876_543];
const priceTexts = PRICES.flatMap((p) => [String(p), p.toLocaleString('en'), p.toLocaleString('ko')]);

describe('sealed bids on a korea tender, up to the opening', () => {
  let world: TenderWorld;
  let notice: { id: string; noticeNo: string };
  let bidders: Bidder[];
  let debarred: Bidder;
  let unapproved: Bidder;
  /** Every response body seen before the opening, to prove none holds a price. */
  const responses: string[] = [];
  const seen = <T extends { text: string }>(res: T) => (responses.push(res.text), res);
  const bid = (who: Bidder, body: Record<string, unknown>, device?: string) => {
    const req = request(world.app).post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids?lng=en`).set(who.auth);
    if (device) req.set('Cookie', `koneps.device=${device}`);
    return req.send(body);
  };

  before(async () => {
    world = await tenderWorld('korea', '2026-09-01T01:00:00Z');
    const planEntryId = await publishedPlanEntry(world, { title_ko: '의료기기 구매 계획' });
    notice = await publishedNotice(world, {
      planEntryId,
      title_ko: '병원 의료기기 구매',
      estimatedPrice: 100_000_000,
      baseAmount: 100_000_000,
      submissionDeadline: '2026-09-10T10:00',
      openingAt: '2026-09-10T11:00',
    });
    bidders = await addBidders(world.tenant, 3, 'SEAL');
    const bad = await addBidders(world.tenant, 2, 'BAD');
    debarred = bad[0]!;
    unapproved = bad[1]!;
    await inTenant(world.tenant, async (tx) => {
      await tx('suppliers')
        .where({ id: debarred.supplierId })
        .update({
          debarred_from: tx.raw(`app_now() - interval '1 day'`),
          debarred_until: '2027-03-01T00:00:00Z',
          debarment_reason: 'Collusive bidding',
        });
      await tx('suppliers').where({ id: unapproved.supplierId }).update({ status: 'pending' });
    });
  });
  after(() => world.platform.close());

  it('gives a receipt with the server time and a SHA-256 of the submission', async () => {
    const res = seen(
      await bid(
        bidders[0]!,
        { price: 99_000_000, bidSecurityAmount: securityFor(99_000_000), picks: [3, 7] },
        'deviceAAAAAAAAAAAAAAAA',
      ).expect(201),
    );
    assert.match(res.body.receiptNo as string, new RegExp(`^${notice.noticeNo}-B\\d{6}$`));
    assert.match(res.body.sha256 as string, /^[0-9a-f]{64}$/);
    assert.equal(res.body.submittedAt, '2026-09-01T01:00:00.000Z');
    assert.equal(res.body.price, undefined);
  });

  it('replaces a bid: the latest counts, the earlier one stays on record as replaced', async () => {
    const res = seen(
      await bid(
        bidders[0]!,
        { price: PRICES[0], bidSecurityAmount: securityFor(PRICES[0]!), picks: [3, 7] },
        'deviceAAAAAAAAAAAAAAAA',
      ).expect(201),
    );
    assert.ok(res.body.replaced);
    const mine = seen(
      await request(world.app)
        .get(`/t/${world.slug}/api/v1/notices/${notice.id}/bids/mine`)
        .set(bidders[0]!.auth)
        .expect(200),
    );
    assert.deepEqual(
      (mine.body.bids as { status: string }[]).map((b) => b.status),
      ['current', 'replaced'],
    );
  });

  it('lets a supplier withdraw before the deadline and bid again', async () => {
    const first = seen(
      await bid(
        bidders[1]!,
        { price: 90_000_000, bidSecurityAmount: securityFor(90_000_000), picks: [1, 2] },
        'deviceAAAAAAAAAAAAAAAA',
      ).expect(201),
    );
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/bids/${first.body.bidId as string}/withdraw`)
      .set(bidders[1]!.auth)
      .expect(204);
    seen(
      await bid(
        bidders[1]!,
        { price: PRICES[1], bidSecurityAmount: securityFor(PRICES[1]!), picks: [7, 12] },
        'deviceAAAAAAAAAAAAAAAA',
      ).expect(201),
    );
  });

  it('keeps one current bid when a supplier submits many at once; each receipt is stored once', async () => {
    const [racer] = await addBidders(world.tenant, 1, 'RACE');
    const prices = [97_100_000, 97_200_000, 97_300_000, 97_400_000, 97_500_000, 97_600_000];
    const answers = await Promise.all(
      prices.map((price) => bid(racer!, { price, bidSecurityAmount: securityFor(price), picks: [2, 4] })),
    );
    // A submission that meets another in flight is told so (409); every other one is receipted.
    for (const res of answers) {
      assert.ok(res.status === 201 || res.status === 409, res.text);
      if (res.status === 409) assert.equal(res.body.type, 'urn:koneps:problem:bid_in_progress');
    }
    const receipts = answers.filter((r) => r.status === 201).map((r) => r.body.receiptNo as string);
    assert.ok(receipts.length >= 1);
    const rows = await inTenant(world.tenant, (tx) =>
      tx('bids').where({ supplier_id: racer!.supplierId }).select<{ receipt_no: string; status: string }[]>(),
    );
    assert.deepEqual(rows.map((r) => r.receipt_no).sort(), [...receipts].sort());
    assert.equal(rows.filter((r) => r.status === 'current').length, 1);
    // The audit trail tells the same story: one entry per receipt, each replacement naming a receipt.
    const entries = await inTenant(world.tenant, (tx) =>
      tx('audit_entries')
        .whereIn('action', ['bid.submitted', 'bid.replaced'])
        .whereRaw(`summary->>'receiptNo' = any(?)`, [receipts])
        .select<{ action: string; summary: { replaced: string | null } }[]>('action', 'summary'),
    );
    assert.equal(entries.length, receipts.length);
    assert.equal(entries.filter((e) => e.action === 'bid.submitted').length, 1);
    for (const e of entries.filter((e) => e.action === 'bid.replaced'))
      assert.ok(receipts.includes(e.summary.replaced!));
    // Out of the way of the opening below.
    const current = answers.find((r) => r.body.receiptNo === rows.find((b) => b.status === 'current')!.receipt_no)!;
    await request(world.app)
      .post(`/t/${world.slug}/api/v1/bids/${current.body.bidId as string}/withdraw`)
      .set(racer!.auth)
      .expect(204);
  });

  it('refuses a bid security below the rule and missing reserve-price picks, field by field', async () => {
    const res = seen(await bid(bidders[2]!, { price: 95_000_000, bidSecurityAmount: 1000, picks: [4] }).expect(422));
    const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['bidSecurityAmount', 'picks']);
    assert.match(JSON.stringify(res.body), /at least 5 %/);
    assert.match(JSON.stringify(res.body), /Reserve price \(version 1\)/);
  });

  it('refuses debarred and unapproved suppliers with 403 and the reason', async () => {
    const body = { price: 95_000_000, bidSecurityAmount: securityFor(95_000_000), picks: [1, 2] };
    const barred = seen(await bid(debarred, body).expect(403));
    assert.equal(barred.body.reason, 'debarred');
    assert.match(barred.body.title as string, /debarred until March 1, 2027.*Collusive bidding/);
    const pending = seen(await bid(unapproved, body).expect(403));
    assert.equal(pending.body.reason, 'not-approved');
  });

  it('keeps proposal files sealed and refuses oversized or disguised uploads unstored', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);
    const count = () =>
      inTenant(world.tenant, async (tx) =>
        Number((await tx('bids').count<{ count: string }[]>('* as count'))[0]!.count),
      );
    const before = await count();
    const upload = (file: Buffer, name: string) =>
      request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids`)
        .set(bidders[2]!.auth)
        .field('price', String(PRICES[2]))
        .field('bidSecurityAmount', String(securityFor(PRICES[2]!)))
        .field('picks', '7')
        .field('picks', '9')
        .attach('files', file, name);
    seen(await upload(Buffer.from('just text, not a pdf'), 'proposal.pdf').expect(415));
    seen(await upload(Buffer.alloc(6 * 1024 * 1024, 1), 'huge.pdf').expect(413));
    assert.equal(await count(), before);
    const ok = seen(await upload(pdf, 'technical-proposal.pdf').expect(201));
    assert.equal((ok.body.files as { name: string }[])[0]!.name, 'technical-proposal.pdf');
    const stored = await inTenant(world.tenant, (tx) => tx('bid_files').select('sealed_content', 'sealed_name'));
    assert.equal(stored.length, 1);
    assert.ok(!(stored[0]!.sealed_content as Buffer).includes(Buffer.from('%PDF')));
    assert.ok(!(stored[0]!.sealed_name as string).includes('technical'));
  });

  it('accepts a bid one millisecond before the deadline and refuses one at and after it (409)', async () => {
    await world.setClock(new Date(Date.parse(DEADLINE) - 1), bidders);
    const body = { price: 96_000_000, bidSecurityAmount: securityFor(96_000_000), picks: [7, 9] };
    const onTime = seen(await bid(bidders[2]!, body).expect(201));
    // Put the earlier price back as the latest bid, still in time.
    seen(await bid(bidders[2]!, { ...body, price: PRICES[2], bidSecurityAmount: securityFor(PRICES[2]!) }).expect(201));
    assert.equal(onTime.body.submittedAt, '2026-09-10T00:59:59.999Z');
    for (const at of [DEADLINE, new Date(Date.parse(DEADLINE) + 1)]) {
      await world.setClock(at, bidders);
      const late = seen(await bid(bidders[2]!, body).expect(409));
      assert.equal(late.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(late.body.deadline, DEADLINE);
      assert.equal(late.body.serverTime, new Date(at).toISOString());
    }
  });

  it('refuses to open before the opening time, and audits the refusal', async () => {
    const early = seen(
      await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open?lng=en`)
        .set(world.officer)
        .expect(409),
    );
    assert.match(early.body.title as string, /sealed until the opening time/);
    seen(await request(world.app).get(`/t/${world.slug}/api/v1/notices/${notice.id}/opening`).expect(404));
    const refused = await inTenant(world.tenant, (tx) => tx('audit_entries').where({ action: 'tender-key.refused' }));
    assert.equal(refused.length, 1);
  });

  it('refuses more simultaneous early openings than the pool has connections, auditing each', async () => {
    // Each attempt locks the notice and waits for the one ahead: the refused one must give its
    // connection back before its audit entry takes one, or the pool (4 here) runs dry for good.
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(world.app).post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`).set(world.officer),
      ),
    );
    assert.deepEqual(
      attempts.map((a) => a.status),
      [409, 409, 409, 409, 409, 409],
    );
    const refused = await inTenant(world.tenant, (tx) => tx('audit_entries').where({ action: 'tender-key.refused' }));
    assert.equal(refused.length, 7);
  });

  it('holds no bid price in clear before the opening: not in any table, response, page or log line', async () => {
    seen(await request(world.app).get(`/t/${world.slug}/notices/${notice.id}?lng=en`).expect(200));
    seen(
      await request(world.app)
        .get(`/t/${world.slug}/api/v1/notices/${notice.id}/bids/mine`)
        .set(bidders[2]!.auth)
        .expect(200),
    );
    const dump = await inTenant(world.tenant, async (tx) => {
      const tables = await tx('information_schema.tables')
        .where({ table_schema: world.tenant.schema, table_type: 'BASE TABLE' })
        .pluck('table_name');
      const rows: string[] = [];
      for (const table of tables as string[]) {
        const result = await tx.raw<{ rows: { row: string }[] }>(`select t::text as row from ?? t`, [table]);
        rows.push(...result.rows.map((r) => r.row));
      }
      return rows.join('\n');
    });
    for (const text of priceTexts) {
      assert.ok(!dump.includes(text), `a table holds ${text}`);
      assert.ok(!responses.some((r) => r.includes(text)), `a response holds ${text}`);
      assert.ok(!world.logs.some((l) => l.includes(text)), `a log line holds ${text}`);
    }
    assert.ok(responses.length > 10 && world.logs.length > 10);
  });

  it('opens at the opening time: prices, verified hashes, the reserve price and same-source flags', async () => {
    await world.setClock(OPENING);
    const opened = await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`)
      .set(world.officer)
      .expect(200);
    const record = opened.body as {
      outcome: string;
      validBids: number;
      bids: { price: number; hashVerified: boolean; supplier: { registrationNo: string } }[];
      reserve: { candidates: number[]; counts: number[]; chosen: number[]; reservePrice: number };
      flags: { kind: string; receipts: string[] }[];
    };
    assert.equal(record.outcome, 'opened');
    assert.equal(record.validBids, 3);
    assert.deepEqual(record.bids.map((b) => b.price).sort(), [...PRICES].sort());
    assert.ok(record.bids.every((b) => b.hashVerified));
    assert.equal(record.reserve.candidates.length, 15);
    assert.ok(record.reserve.candidates.every((c) => c >= 98_000_000 && c <= 102_000_000));
    // Picks: [3, 7], [7, 12], [7, 9] → 7 thrice, then 3, 9, 12 once each: the 4 most picked.
    assert.equal(record.reserve.counts[6], 3);
    assert.deepEqual(record.reserve.chosen, [7, 3, 9, 12]);
    const mean = [7, 3, 9, 12].reduce((s, n) => s + record.reserve.candidates[n - 1]!, 0) / 4;
    // Korea rounds the average down (rule reserve-price v1, rounding: floor).
    assert.equal(record.reserve.reservePrice, Math.floor(mean));
    const device = record.flags.find((f) => f.kind === 'same-device');
    assert.equal(device?.receipts.length, 2);
    assert.ok(record.flags.some((f) => f.kind === 'same-address'));

    const again = await request(world.app)
      .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`)
      .set(world.officer)
      .expect(200);
    assert.deepEqual(again.body, opened.body);
    const page = await request(world.app).get(`/t/${world.slug}/notices/${notice.id}?lng=en`).expect(200);
    assert.ok(page.text.includes(PRICES[0]!.toLocaleString('en')));
    assert.match(page.text, /Reserve price/);
    const used = await inTenant(world.tenant, (tx) => tx('audit_entries').where({ action: 'tender-key.used' }));
    assert.equal(used.length, 1);
  });
});
