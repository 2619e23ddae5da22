import assert from 'node:assert/strict';
import request from 'supertest';
import { buildNotice, buildSupplier, buildTenant, type Bidder, type TenderWorld } from '../support/factories.js';
import { securityFor } from '../support/tender.js';

/** Korea needs two valid bids: a tender that takes this one bid alone fails at its opening. */
const ONE_BID = 97_000_000;
function assertFailed(opening: Record<string, unknown> | undefined): void {
  assert.equal(opening?.outcome, 'failed');
  assert.equal(opening?.minimumValidBids, 2);
}

/** A notice that has taken its one bid and failed at the opening. */
const failedNotice = (world: TenderWorld, bidder: Bidder, deadline: string, opening: string) =>
  buildNotice(world, {
    state: 'opened',
    plan: { title_ko: '보안장비 계획' },
    fields: {
      title_ko: '청사 보안장비 구매',
      estimatedPrice: 100_000_000,
      submissionDeadline: deadline,
      openingAt: opening,
    },
    bids: [{ by: bidder, price: ONE_BID }],
  });

/** The re-tender, once published, takes the same one bid and fails too. */
async function failWithOneBid(world: TenderWorld, bidder: Bidder, noticeId: string, openingAt: string): Promise<void> {
  await request(world.app)
    .post(`/t/${world.slug}/api/v1/notices/${noticeId}/bids`)
    .set(bidder.auth)
    .send({ price: ONE_BID, bidSecurityAmount: securityFor(ONE_BID), picks: [1, 2] })
    .expect(201);
  await world.setClock(openingAt, [bidder]);
  const opened = await request(world.app)
    .post(`/t/${world.slug}/api/v1/notices/${noticeId}/open`)
    .set(world.officer)
    .expect(200);
  assertFailed(opened.body as Record<string, unknown>);
}

describe('a korea tender that fails for want of bids', () => {
  it('under the special measures, allows a direct contract after one failed tender', async () => {
    // 2 March 2026 in Seoul: failed-attempts-before-direct v2 (special measures) asks for one failure.
    const world = await buildTenant('korea', { at: '2026-03-02T01:00:00Z' });
    try {
      const bidder = await buildSupplier(world, { prefix: 'ONE' });
      const notice = await failedNotice(world, bidder, '2026-03-09T10:00', '2026-03-09T11:00');
      assertFailed(notice.opening);
      const page = await request(world.app).get(`/t/${world.slug}/notices/${notice.id}?lng=en`).expect(200);
      assert.match(page.text, /Failed: too few valid bids/);
      const chosen = await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${notice.id}/direct-contract`)
        .set(world.officer)
        .send({ justification: 'The tender failed for want of bidders; the equipment is needed before the session.' })
        .expect(201);
      assert.equal(chosen.body.reason, 'failed-attempts');
      assert.ok((chosen.body.rules as string[]).includes('failed-attempts-before-direct v2, special measures'));
    } finally {
      await world.platform.close();
    }
  });

  it('after the special measures, refuses a direct contract until the re-tender has failed too', async () => {
    const world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    try {
      const bidder = await buildSupplier(world, { prefix: 'TWO' });
      const first = await failedNotice(world, bidder, '2026-09-10T10:00', '2026-09-10T11:00');
      assertFailed(first.opening);

      const refused = await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${first.id}/direct-contract?lng=en`)
        .set(world.officer)
        .send({ justification: 'The tender failed for want of bidders; the equipment is urgently needed.' })
        .expect(422);
      assert.match(
        (refused.body.errors as { message: string }[])[0]!.message,
        /needs 2 failed tenders \(.*Failed tenders before a direct contract \(version 1\).*\); this procurement has 1/,
      );

      const retender = await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${first.id}/retender`)
        .set(world.officer)
        .send({ submissionDeadline: '2026-09-21T10:00', openingAt: '2026-09-21T11:00' })
        .expect(201);
      // The re-tender is a new draft that carries the failed notice's documents in force.
      const documentsOf = async (id: string) =>
        (
          (
            await request(world.app)
              .get(`/t/${world.slug}/api/v1/notices/${id}/documents`)
              .set(world.officer)
              .expect(200)
          ).body.documents as { fileName: string; sha256: string; size: number }[]
        ).map((d) => [d.fileName, d.sha256, d.size]);
      assert.deepEqual(await documentsOf(retender.body.id as string), await documentsOf(first.id));
      assert.ok((await documentsOf(first.id)).length > 0);
      const second = await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${retender.body.id as string}/publish?lng=en`)
        .set(world.officer)
        .expect(200);
      assert.notEqual(second.body.noticeNo, first.noticeNo);
      await failWithOneBid(world, bidder, retender.body.id as string, '2026-09-21T02:00:00Z');

      const allowed = await request(world.app)
        .post(`/t/${world.slug}/api/v1/notices/${retender.body.id as string}/direct-contract`)
        .set(world.officer)
        .send({ justification: 'Two tenders failed for want of bidders; negotiating with the only bidder.' })
        .expect(201);
      assert.deepEqual(allowed.body.rules, ['small-value-direct v1', 'failed-attempts-before-direct v1']);
    } finally {
      await world.platform.close();
    }
  });
});
