import assert from 'node:assert/strict';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { buildNotice, buildTenant } from '../support/factories.js';
import { freshTotp } from '../support/session.js';

interface Cycle {
  template: string;
  start: string;
  title: Record<string, string>;
  estimatedPrice: number;
  prices: number[];
  securityPercent: number;
  deadline: string;
  opening: string;
  openingAt: string;
  /** Technical totals by bid (A–D), one per evaluator. */
  totals: number[][];
  /** The hand calculation: [technical average, technical score, price score, differential, total, rank] by bid. */
  expected: [number, number, number, number, number, number][];
  afterStandstill: string;
}

const CYCLES: Cycle[] = [
  {
    template: 'kurdistan',
    start: '2026-09-01T07:00:00Z',
    title: { title_ckb: 'دابینکردنی سیستەمی زانیاری تەندروستی', title_en: 'Health information system' },
    estimatedPrice: 120_000_000,
    prices: [110_000_000, 100_000_000, 115_000_000, 95_000_000],
    securityPercent: 2,
    deadline: '2026-09-15T10:00',
    opening: '2026-09-15T10:30',
    openingAt: '2026-09-15T07:30:00Z',
    // Three evaluators: nothing dropped; no differential points in Kurdistan; weights 80 : 20.
    totals: [
      [80, 85, 90],
      [70, 75, 80],
      [90, 90, 93],
      [60, 65, 61],
    ],
    // A: 85 → 68; 95/110·20 = 17.273 → 85.273 · B: 75 → 60; 19 → 79
    // C: 91 → 72.8; 95/115·20 = 16.522 → 89.322 · D: 62 → 49.6; 20 → 69.6
    expected: [
      [85, 68, 17.273, 0, 85.273, 2],
      [75, 60, 19, 0, 79, 3],
      [91, 72.8, 16.522, 0, 89.322, 1],
      [62, 49.6, 20, 0, 69.6, 4],
    ],
    afterStandstill: '2026-09-26T07:00:00Z',
  },
  {
    template: 'korea',
    start: '2026-09-01T01:00:00Z',
    title: { title_ko: '보건의료 정보시스템 구축', title_en: 'Health information system' },
    estimatedPrice: 100_000_000,
    prices: [90_000_000, 80_000_000, 95_000_000, 85_000_000],
    securityPercent: 5,
    deadline: '2026-09-10T10:00',
    opening: '2026-09-10T11:00',
    openingAt: '2026-09-10T02:00:00Z',
    // Five evaluators: the highest and lowest dropped; differential points 3/2/1 by technical rank.
    totals: [
      [80, 82, 84, 86, 95],
      [70, 72, 74, 76, 60],
      [88, 90, 92, 94, 70],
      [75, 78, 81, 84, 99],
    ],
    expected: [
      [84, 67.2, 17.778, 2, 86.978, 2],
      [72, 57.6, 20, 0, 77.6, 4],
      [90, 72, 16.842, 3, 91.842, 1],
      [81, 64.8, 18.824, 1, 84.624, 3],
    ],
    afterStandstill: '2026-09-18T01:00:00Z',
  },
];

for (const cycle of CYCLES) {
  describe(`a negotiated ${cycle.template} tender from notice to payment`, () => {
    it('evaluates four bids as the hand calculation says, awards, contracts, delivers, invoices and pays', async () => {
      const world = await buildTenant(cycle.template, { at: cycle.start });
      try {
        // Four bids (A–D) scored by the committee; the officer finalizes the evaluation.
        const tender = await buildNotice(world, {
          state: 'evaluated',
          plan: cycle.title,
          fields: {
            ...cycle.title,
            method: 'negotiated',
            estimatedPrice: cycle.estimatedPrice,
            bidSecurityPercent: cycle.securityPercent,
            submissionDeadline: cycle.deadline,
            openingAt: cycle.opening,
          },
          bids: cycle.prices,
          bidderPrefix: 'NEGO',
          evaluators: cycle.totals[0]!.length,
          scores: cycle.totals,
          openAt: cycle.openingAt,
        });
        const bidIds = tender.bids.map((b) => b.bidId);
        const result = tender.evaluation as { table: { rows: Record<string, number | string>[] }; winnerBidId: string };
        const api = (path: string) => `/t/${world.slug}/api/v1${path}`;
        const notice = api(`/notices/${tender.id}`);
        const rows = result.table.rows;
        for (const [i, bidId] of bidIds.entries()) {
          const row = rows.find((r) => r.bidId === bidId)!;
          assert.deepEqual(
            [row.technicalAverage, row.technicalScore, row.priceScore, row.differentialPoints, row.total, row.rank],
            cycle.expected[i],
            `bid ${'ABCD'[i]}`,
          );
        }
        const winner = tender.bidders[2]!; // C
        assert.equal(result.winnerBidId, bidIds[2]);

        // Award, standstill, final.
        await request(world.app).post(`${notice}/award`).set(world.officer).expect(201);
        await world.setClock(cycle.afterStandstill, tender.bidders);
        await request(world.app).post(`${notice}/award/finalize`).set(world.officer).expect(200);
        const award = await request(world.app).get(`${notice}/award`).expect(200);
        assert.equal(award.body.amount, cycle.prices[2]);
        // Budget execution: the plan entry (500,000,000) against what was tendered and awarded.
        const execution = await request(world.app).get(`/t/${world.slug}/plans/execution?year=2026&lng=en`).expect(200);
        assert.match(execution.text, new RegExp(`>${(cycle.prices[2]! / 5_000_000).toString()} %<`));
        const before = await request(world.app)
          .get(`/t/${world.slug}/plans/execution?year=2026&asOf=2026-09-01&lng=en`)
          .expect(200);
        assert.match(before.text, />0 %</);

        // Contract, deposit, both signatures.
        const contract = await request(world.app)
          .post(api('/contracts'))
          .set(world.officer)
          .send({
            awardId: award.body.id,
            startsOn: '2026-10-01',
            endsOn: '2026-12-31',
            deliverables: [{ title: 'System delivered and installed', amount: cycle.prices[2], dueOn: '2026-11-30' }],
          })
          .expect(201);
        const contractId = contract.body.id as string;
        await request(world.app)
          .post(api(`/contracts/${contractId}/deposit`))
          .set(winner.auth)
          .send({
            kind: 'bank-guarantee',
            issuer: 'National Bank',
            reference: 'BG-2026-0042',
            amount: contract.body.deposit.amount,
            validUntil: '2027-03-31',
          })
          .expect(201);
        await request(world.app)
          .post(api(`/contracts/${contractId}/signatures`))
          .set(winner.auth)
          .send({ password: DEMO_PASSWORD })
          .expect(201);
        const officerEmail = `officer@${world.slug}.demo`;
        await request(world.app)
          .post(api(`/contracts/${contractId}/signatures`))
          .set(world.officer)
          .send({ password: DEMO_PASSWORD, code: await freshTotp(`${world.slug}/${officerEmail}`) })
          .expect(201);
        const signed = await request(world.app)
          .get(api(`/contracts/${contractId}`))
          .set(world.officer)
          .expect(200);
        assert.equal(signed.body.status, 'active');

        // Delivery, inspection, invoice, approval, payment.
        await world.setClock('2026-11-20T06:00:00Z', tender.bidders);
        const deliverables = await request(world.app)
          .get(api(`/contracts/${contractId}/deliverables`))
          .set(world.officer)
          .expect(200);
        const deliverableId = (deliverables.body.deliverables as { id: string }[])[0]!.id;
        const delivery = await request(world.app)
          .post(api(`/deliverables/${deliverableId}/deliveries`))
          .set(winner.auth)
          .send({ note: 'Installed in the ministry data centre.' })
          .expect(201);
        await request(world.app)
          .post(api(`/deliveries/${delivery.body.id as string}/inspection`))
          .set(world.officer)
          .send({ result: 'accepted' })
          .expect(200);
        const invoice = await request(world.app)
          .post(api(`/deliverables/${deliverableId}/invoices`))
          .set(winner.auth)
          .send({ amount: cycle.prices[2] })
          .expect(201);
        const approved = await request(world.app)
          .post(api(`/invoices/${invoice.body.id as string}/approve`))
          .set(world.officer)
          .expect(200);
        assert.ok(approved.body.dueOn);
        const paid = await request(world.app)
          .post(api(`/invoices/${invoice.body.id as string}/payment`))
          .set(world.officer)
          .send({ paidOn: '2026-11-20', reference: 'TRX-778812', amount: cycle.prices[2] })
          .expect(201);
        assert.ok(paid.body);
        const final = await request(world.app)
          .get(api(`/invoices/${invoice.body.id as string}`))
          .set(world.officer)
          .expect(200);
        assert.equal(final.body.status, 'paid');

        // The record, from plan to payment.
        const timeline = await request(world.app).get(`${notice}/timeline`).expect(200);
        const steps = JSON.stringify(timeline.body);
        for (const step of ['award', 'contract', 'payment']) assert.match(steps, new RegExp(step, 'i'));
      } finally {
        await world.platform.close();
      }
    });
  });
}
