import assert from 'node:assert/strict';
import request from 'supertest';
import { buildNotice, buildTenant } from '../support/factories.js';

interface Row {
  receiptNo: string;
  bidId: string;
  price: number;
  excluded: boolean;
  position: number | null;
}

describe('lowest price with qualification review, award, complaint (korea, multiple reserve prices)', () => {
  it('excludes a bid under the floor rate, passes over a lowest bidder that fails qualification, and reopens on an upheld complaint', async () => {
    const world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    try {
      // The reserve price lands within ±2 % of 100,000,000, so the floor (87.745 %) lies between
      // 85.99 and 89.50 million: X is always under it, Y always above.
      const prices = { X: 80_000_000, Y: 90_500_000, Z: 93_000_000, W: 96_000_000 };
      const notice = await buildNotice(world, {
        state: 'opened',
        plan: { title_ko: '청사 냉난방기 교체 계획' },
        fields: {
          title_ko: '청사 냉난방기 교체',
          estimatedPrice: 100_000_000,
          baseAmount: 100_000_000,
          submissionDeadline: '2026-09-10T10:00',
          openingAt: '2026-09-10T11:00',
        },
        bids: Object.values(prices).map((price, i) => ({ price, picks: [i + 1, i + 8] })),
        bidderPrefix: 'LOW',
      });
      const bidders = notice.bidders;
      const ids = Object.fromEntries(Object.keys(prices).map((name, i) => [name, notice.bids[i]!.bidId]));
      const reserve = (notice.opening as { reserve: { reservePrice: number } }).reserve.reservePrice;
      const api = `/t/${world.slug}/api/v1/notices/${notice.id}`;

      const state = await request(world.app).get(`${api}/evaluation/lowest-price`).set(world.officer).expect(200);
      const rows = state.body.rows as Row[];
      assert.equal(state.body.reservePrice, reserve);
      assert.deepEqual(
        rows.map((r) => [r.price, r.excluded, r.position]),
        [
          [80_000_000, true, null],
          [90_500_000, false, 1],
          [93_000_000, false, 2],
          [96_000_000, false, 3],
        ],
      );
      assert.equal(state.body.next.bidId, ids.Y);
      assert.deepEqual(state.body.rules, ['reserve-price v1', 'award-floor-rate v1', 'qualification-pass-mark v1']);

      // Out of order, out of range: refused.
      await request(world.app)
        .post(`${api}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId: ids.Z, score: 90, reasons: 'Meets every criterion.' })
        .expect(422);
      await request(world.app)
        .post(`${api}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId: ids.Y, score: 101, reasons: 'Meets every criterion.' })
        .expect(422);
      // Y fails the pass mark (85); Z passes and wins.
      const failed = await request(world.app)
        .post(`${api}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId: ids.Y, score: 80, reasons: 'Past performance below the required record.' })
        .expect(201);
      assert.equal(failed.body.passed, false);
      assert.equal(failed.body.next.bidId, ids.Z);
      const passed = await request(world.app)
        .post(`${api}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId: ids.Z, score: 90, reasons: 'Meets every criterion.' })
        .expect(201);
      assert.equal(passed.body.result.winnerBidId, ids.Z);

      // The notice of award: a 7-day standstill (rule standstill v1).
      const award = await request(world.app).post(`${api}/award`).set(world.officer).expect(201);
      assert.equal(award.body.standstillEndsAt, '2026-09-17T02:00:00.000Z');
      const published = await request(world.app).get(`${api}/award`).expect(200);
      assert.equal(published.body.amount, 93_000_000);
      assert.ok((published.body.rules as string[]).includes('standstill v1'));
      await request(world.app).get(`${api}/evaluation/result`).expect(200);

      // Y complains; finalizing is refused while the complaint is open, even after the standstill.
      const complaint = await request(world.app)
        .post(`${api}/complaints`)
        .set(bidders[1]!.auth)
        .send({ grounds: 'Our past-performance record was read from an outdated registry extract.' })
        .expect(201);
      await world.setClock('2026-09-18T02:00:00Z', bidders);
      await request(world.app).post(`${api}/award/finalize?lng=en`).set(world.officer).expect(409);
      await request(world.app)
        .post(`/t/${world.slug}/api/v1/complaints/${complaint.body.id as string}/answer`)
        .set(world.officer)
        .send({
          decision: 'upheld',
          answer: 'The current registry extract shows the record required; Y is reviewed again.',
        })
        .expect(204);
      const withdrawn = await request(world.app).get(`${api}/award`).expect(200);
      assert.equal(withdrawn.body.status, 'withdrawn');
      assert.equal(withdrawn.body.complaints[0].status, 'upheld');

      // Round 2: Y is first in price order again, and passes.
      const round2 = await request(world.app).get(`${api}/evaluation/lowest-price`).set(world.officer).expect(200);
      assert.equal(round2.body.round, 2);
      assert.equal(round2.body.next.bidId, ids.Y);
      const again = await request(world.app)
        .post(`${api}/evaluation/reviews`)
        .set(world.officer)
        .send({ bidId: ids.Y, score: 88, reasons: 'Record confirmed by the current registry extract.' })
        .expect(201);
      assert.equal(again.body.result.winnerBidId, ids.Y);
      const second = await request(world.app).post(`${api}/award`).set(world.officer).expect(201);
      // A complaint that is dismissed leaves the award to become final after its standstill.
      const late = await request(world.app)
        .post(`${api}/complaints`)
        .set(bidders[2]!.auth)
        .send({ grounds: 'We believe our bid should have been reviewed first this time.' })
        .expect(201);
      await request(world.app)
        .post(`/t/${world.slug}/api/v1/complaints/${late.body.id as string}/answer`)
        .set(world.officer)
        .send({ decision: 'dismissed', answer: 'Bids are reviewed in price order; Y is lower than Z.' })
        .expect(204);
      await request(world.app).post(`${api}/award/finalize`).set(world.officer).expect(409);
      await world.setClock(second.body.standstillEndsAt as string, bidders);
      await request(world.app)
        .post(`${api}/complaints`)
        .set(bidders[3]!.auth)
        .send({ grounds: 'Too late: the standstill period has ended by now.' })
        .expect(409);
      const final = await request(world.app).post(`${api}/award/finalize`).set(world.officer).expect(200);
      assert.equal(final.body.status, 'final');
    } finally {
      await world.platform.close();
    }
  });
});
