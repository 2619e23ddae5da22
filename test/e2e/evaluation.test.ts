import assert from 'node:assert/strict';
import request from 'supertest';
import { buildNotice, buildTenant, declareAll, scoreAll, split } from '../support/factories.js';

interface Row {
  receiptNo: string;
  bidId: string;
  technicalAverage: number;
  technicalScore: number;
  priceScore: number;
  differentialPoints: number;
  total: number;
  rank: number;
  dropped: number[];
}

describe('negotiated evaluation in korea: five evaluators, extremes dropped, differential points', () => {
  it('keeps scores blind until all are in, then opens the prices and computes the table a hand would', async () => {
    const world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    try {
      // The technical envelopes opened, the committee seated: nobody has declared yet.
      const setup = await buildNotice(world, {
        state: 'opened',
        fields: {
          title_ko: '정보시스템 구축 용역',
          title_en: 'Information system build',
          method: 'negotiated',
          estimatedPrice: 100_000_000,
          submissionDeadline: '2026-09-10T10:00',
          openingAt: '2026-09-10T11:00',
        },
        // A, B, C, D
        bids: [90_000_000, 80_000_000, 95_000_000, 85_000_000],
        evaluators: 5,
      });
      const bidIds = setup.bids.map((b) => b.bidId);
      const api = `/t/${world.slug}/api/v1/notices/${setup.id}`;
      const [first, second] = setup.evaluators;

      // No declaration, no content, no scoring.
      await request(world.app).get(`${api}/evaluation/proposals`).set(first!.auth).expect(403);
      await request(world.app)
        .post(`${api}/evaluation/scores`)
        .set(first!.auth)
        .send({ bidId: bidIds[0], scores: split(80) })
        .expect(403);
      await declareAll(world, setup);
      const proposals = await request(world.app).get(`${api}/evaluation/proposals`).set(first!.auth).expect(200);
      assert.equal((proposals.body.proposals as { technicalNote: string }[])[0]!.technicalNote, 'Proposal 1');

      // Out of range: refused field by field, nothing stored.
      const bad = await request(world.app)
        .post(`${api}/evaluation/scores?lng=en`)
        .set(first!.auth)
        .send({ bidId: bidIds[0], scores: { c1: 41, c2: -1, c3: 10 } })
        .expect(422);
      assert.deepEqual(
        (bad.body.errors as { field: string }[]).map((e) => e.field),
        ['scores.c1', 'scores.c2'],
      );

      // The first evaluator scores bid A: the second sees nothing of it.
      await request(world.app)
        .post(`${api}/evaluation/scores`)
        .set(first!.auth)
        .send({ bidId: bidIds[0], scores: split(80) })
        .expect(201);
      const blind = await request(world.app).get(`${api}/evaluation/scores`).set(second!.auth).expect(200);
      assert.equal((blind.body.scores as unknown[]).length, 0);
      await request(world.app)
        .post(`${api}/evaluation/scores`)
        .set(first!.auth)
        .send({ bidId: bidIds[0], scores: split(81) })
        .expect(409);
      await request(world.app).post(`${api}/evaluation/finalize`).set(world.officer).expect(409);

      // Totals by evaluator (A's first is in already).
      const totals = [
        [80, 82, 84, 86, 95], // A: drop 80 and 95 → 84 → 84/100·80 = 67.2
        [70, 72, 74, 76, 60], // B: drop 60 and 76 → 72 → 57.6
        [88, 90, 92, 94, 70], // C: drop 70 and 94 → 90 → 72
        [75, 78, 81, 84, 99], // D: drop 75 and 99 → 81 → 64.8
      ];
      await scoreAll(world, { ...setup, bids: setup.bids.slice(1) }, totals.slice(1));
      for (const [e, evaluator] of setup.evaluators.slice(1).entries()) {
        await request(world.app)
          .post(`${api}/evaluation/scores`)
          .set(evaluator.auth)
          .send({ bidId: bidIds[0], scores: split(totals[0]![e + 1]!) })
          .expect(201);
      }
      const open = await request(world.app).get(`${api}/evaluation/scores`).set(second!.auth).expect(200);
      assert.equal(open.body.complete, true);
      assert.equal((open.body.scores as unknown[]).length, 20);

      const result = await request(world.app).post(`${api}/evaluation/finalize`).set(world.officer).expect(200);
      const rows = result.body.table.rows as Row[];
      const byBid = (i: number) => rows.find((r) => r.bidId === bidIds[i])!;
      // Price scores: lowest 80,000,000 ÷ price × 20. Differential by technical rank: C 3, A 2, D 1, B 0.
      // A 67.2 + 17.778 + 2 = 86.978 · B 57.6 + 20 + 0 = 77.6 · C 72 + 16.842 + 3 = 91.842 · D 64.8 + 18.824 + 1 = 84.624
      const expected = [
        {
          bid: 0,
          technicalAverage: 84,
          technicalScore: 67.2,
          priceScore: 17.778,
          differentialPoints: 2,
          total: 86.978,
          rank: 2,
        },
        {
          bid: 1,
          technicalAverage: 72,
          technicalScore: 57.6,
          priceScore: 20,
          differentialPoints: 0,
          total: 77.6,
          rank: 4,
        },
        {
          bid: 2,
          technicalAverage: 90,
          technicalScore: 72,
          priceScore: 16.842,
          differentialPoints: 3,
          total: 91.842,
          rank: 1,
        },
        {
          bid: 3,
          technicalAverage: 81,
          technicalScore: 64.8,
          priceScore: 18.824,
          differentialPoints: 1,
          total: 84.624,
          rank: 3,
        },
      ];
      for (const e of expected) {
        const row = byBid(e.bid);
        assert.deepEqual(
          [row.technicalAverage, row.technicalScore, row.priceScore, row.differentialPoints, row.total, row.rank],
          [e.technicalAverage, e.technicalScore, e.priceScore, e.differentialPoints, e.total, e.rank],
          `bid ${'ABCD'[e.bid]}`,
        );
      }
      assert.deepEqual(byBid(0).dropped, [80, 95]);
      assert.equal(result.body.winnerBidId, bidIds[2]);
      assert.deepEqual(result.body.rules, [
        'evaluation-weights v1',
        'technical-score-averaging v1',
        'differential-points v1',
        'evaluation-tie-break v1',
      ]);
      // Not public before the award.
      await request(world.app).get(`${api}/evaluation/result`).expect(404);
    } finally {
      await world.platform.close();
    }
  });

  it('lets an evaluator with a conflict decline, which takes them off the committee', async () => {
    const world = await buildTenant('kurdistan', { at: '2026-09-01T07:00:00Z' });
    try {
      const setup = await buildNotice(world, {
        state: 'opened',
        fields: {
          title_ckb: 'دروستکردنی سیستەمی زانیاری',
          title_en: 'Information system',
          method: 'negotiated',
          estimatedPrice: 120_000_000,
          bidSecurityPercent: 2,
          submissionDeadline: '2026-09-15T10:00',
          openingAt: '2026-09-15T10:30',
        },
        bids: [110_000_000, 100_000_000],
        evaluators: 2,
      });
      const api = `/t/${world.slug}/api/v1/notices/${setup.id}`;
      const [conflicted] = setup.evaluators;
      await request(world.app)
        .post(`${api}/evaluation/decline`)
        .set(conflicted!.auth)
        .send({ reason: 'I advised one of the bidders last year.' })
        .expect(204);
      await request(world.app).post(`${api}/evaluation/declaration`).set(conflicted!.auth).expect(403);
      await request(world.app).get(`${api}/evaluation/proposals`).set(conflicted!.auth).expect(403);
    } finally {
      await world.platform.close();
    }
  });
});
