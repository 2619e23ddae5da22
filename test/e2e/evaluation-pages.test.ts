import assert from 'node:assert/strict';
import request from 'supertest';
import { declareAll, negotiatedTender, scoreAll } from '../support/evaluation.js';
import { csrfFrom, signIn } from '../support/session.js';
import { tenderWorld } from '../support/tender.js';

describe('evaluation pages', () => {
  it('takes the demo evaluator from declaration to scoring, and the officer to the award', async () => {
    const world = await tenderWorld('kurdistan', '2026-09-01T07:00:00Z');
    try {
      const setup = await negotiatedTender(world, {
        title: { title_ckb: 'ڕاوێژکاری بۆ پلانی ئاو', title_en: 'Water plan consultancy' },
        estimatedPrice: 120_000_000,
        prices: [110_000_000, 100_000_000],
        securityPercent: 2,
        evaluators: 1,
        deadline: '2026-09-15T10:00',
        opening: '2026-09-15T10:30',
        openingAt: '2026-09-15T07:30:00Z',
      });
      const demoEvaluator = `evaluator@${world.slug}.demo`;
      await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${setup.noticeId}/evaluators`)
        .set(world.officer)
        .send({ email: demoEvaluator })
        .expect(201);
      await declareAll(world, setup);
      await scoreAll(world, setup, [[80], [70]]);

      const page = `/t/${world.slug}/notices/${setup.noticeId}/evaluation?lng=en`;
      const evaluator = await signIn(world.app, world.slug, demoEvaluator);
      const declaration = await evaluator.get(page).expect(200);
      assert.match(declaration.text, /Declaration of no conflict of interest/);
      assert.match(declaration.text, /NEGO Supplier 1 Ltd\. \(NEGO-0001\)/);
      assert.doesNotMatch(declaration.text, /Proposal 1/);
      await evaluator
        .post(`/t/${world.slug}/notices/${setup.noticeId}/evaluation/declare`)
        .type('form')
        .send({ _csrf: csrfFrom(declaration.text) })
        .expect(303);
      const scoring = await evaluator.get(page).expect(200);
      assert.match(scoring.text, /Proposal 1/);
      assert.match(scoring.text, /Methodology \(0 to 40\)/);
      const bad = await evaluator
        .post(`/t/${world.slug}/notices/${setup.noticeId}/evaluation/score?lng=en`)
        .type('form')
        .send({ _csrf: csrfFrom(scoring.text), bidId: setup.bidIds[0], c1: '50', c2: '20', c3: '20' })
        .expect(422);
      assert.match(bad.text, /Give “Methodology” a score from 0 to 40/);
      for (const [i, bidId] of setup.bidIds.entries()) {
        await evaluator
          .post(`/t/${world.slug}/notices/${setup.noticeId}/evaluation/score`)
          .type('form')
          .send({ _csrf: csrfFrom(scoring.text), bidId, c1: '30', c2: String(20 + i), c3: '20' })
          .expect(303);
      }

      const officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
      const desk = await officer.get(page).expect(200);
      assert.match(desk.text, /Declared: no conflict of interest/);
      await officer
        .post(`/t/${world.slug}/notices/${setup.noticeId}/evaluation/finalize`)
        .type('form')
        .send({ _csrf: csrfFrom(desk.text) })
        .expect(303);
      const table = await officer.get(page).expect(200);
      assert.match(table.text, /Score table \(round 1\)/);
      await officer
        .post(`/t/${world.slug}/notices/${setup.noticeId}/evaluation/award`)
        .type('form')
        .send({ _csrf: csrfFrom(table.text) })
        .expect(303);
      const notice = await request(world.app).get(`/t/${world.slug}/notices/${setup.noticeId}?lng=en`).expect(200);
      assert.match(notice.text, /Awarded to/);
      assert.match(notice.text, /Score table/);
    } finally {
      await world.platform.close();
    }
  });
});
