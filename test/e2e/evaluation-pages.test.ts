import assert from 'node:assert/strict';
import request from 'supertest';
import { buildNotice, buildTenant, declareAll, scoreAll } from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';

describe('evaluation pages', () => {
  it('takes the demo evaluator from declaration to scoring, and the officer to the award', async () => {
    const world = await buildTenant('kurdistan', { at: '2026-09-01T07:00:00Z' });
    try {
      const setup = await buildNotice(world, {
        state: 'opened',
        fields: {
          title_ckb: 'ڕاوێژکاری بۆ پلانی ئاو',
          title_en: 'Water plan consultancy',
          method: 'negotiated',
          estimatedPrice: 120_000_000,
          bidSecurityPercent: 2,
          submissionDeadline: '2026-09-15T10:00',
          openingAt: '2026-09-15T10:30',
        },
        bids: [110_000_000, 100_000_000],
        bidderPrefix: 'NEGO',
        evaluators: 1,
      });
      const bidIds = setup.bids.map((b) => b.bidId);
      const demoEvaluator = `evaluator@${world.slug}.demo`;
      await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${setup.id}/evaluators`)
        .set(world.officer)
        .send({ email: demoEvaluator })
        .expect(201);
      await declareAll(world, setup);
      await scoreAll(world, setup, [[80], [70]]);

      const page = `/t/${world.slug}/notices/${setup.id}/evaluation?lng=en`;
      const evaluator = await signIn(world.app, world.slug, demoEvaluator);
      const declaration = await evaluator.get(page).expect(200);
      assert.match(declaration.text, /Declaration of no conflict of interest/);
      assert.match(declaration.text, /NEGO Supplier 1 Ltd\. \(NEGO-0001\)/);
      assert.doesNotMatch(declaration.text, /Proposal 1/);
      await evaluator
        .post(`/t/${world.slug}/notices/${setup.id}/evaluation/declare`)
        .type('form')
        .send({ _csrf: csrfFrom(declaration.text) })
        .expect(303);
      const scoring = await evaluator.get(page).expect(200);
      assert.match(scoring.text, /Proposal 1/);
      assert.match(scoring.text, /Methodology \(0 to 40\)/);
      const bad = await evaluator
        .post(`/t/${world.slug}/notices/${setup.id}/evaluation/score?lng=en`)
        .type('form')
        .send({ _csrf: csrfFrom(scoring.text), bidId: bidIds[0], c1: '50', c2: '20', c3: '20' })
        .expect(422);
      assert.match(bad.text, /Give “Methodology” a score from 0 to 40/);
      for (const [i, bidId] of bidIds.entries()) {
        await evaluator
          .post(`/t/${world.slug}/notices/${setup.id}/evaluation/score`)
          .type('form')
          .send({ _csrf: csrfFrom(scoring.text), bidId, c1: '30', c2: String(20 + i), c3: '20' })
          .expect(303);
      }

      const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
      const desk = await officer.get(page).expect(200);
      assert.match(desk.text, /Declared: no conflict of interest/);
      await officer
        .post(`/t/${world.slug}/notices/${setup.id}/evaluation/finalize`)
        .type('form')
        .send({ _csrf: csrfFrom(desk.text) })
        .expect(303);
      const table = await officer.get(page).expect(200);
      assert.match(table.text, /Score table \(round 1\)/);
      await officer
        .post(`/t/${world.slug}/notices/${setup.id}/evaluation/award`)
        .type('form')
        .send({ _csrf: csrfFrom(table.text) })
        .expect(303);
      const notice = await request(world.app).get(`/t/${world.slug}/notices/${setup.id}?lng=en`).expect(200);
      assert.match(notice.text, /Awarded to/);
      assert.match(notice.text, /Score table/);
    } finally {
      await world.platform.close();
    }
  });
});
