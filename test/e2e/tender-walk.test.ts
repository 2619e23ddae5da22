import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addBidders } from '../support/bidders.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld } from '../support/tender.js';

interface Walk {
  template: string;
  /** The tenant's clock at the start, and when the addendum, the bids and the opening happen. */
  start: string;
  addendumAt: string;
  biddingAt: string;
  title: Record<string, string>;
  notice: Record<string, unknown>;
  securityPercent: number;
  picks: boolean;
}

const WALKS: Walk[] = [
  {
    template: 'kurdistan',
    // Tuesday 1 September 2026, 10:00 in Erbil (UTC+3); the weekend is Friday and Saturday.
    start: '2026-09-01T07:00:00Z',
    addendumAt: '2026-09-10T07:00:00Z',
    biddingAt: '2026-09-14T07:00:00Z',
    title: { title_ckb: 'کڕینی ئامێری پزیشکی بۆ نەخۆشخانەکان', title_en: 'Medical equipment for hospitals' },
    notice: { estimatedPrice: 100_000_000, submissionDeadline: '2026-09-15T10:00', openingAt: '2026-09-15T10:30' },
    securityPercent: 2,
    picks: false,
  },
  {
    template: 'korea',
    // Tuesday 1 September 2026, 10:00 in Seoul (UTC+9): the normal rules.
    start: '2026-09-01T01:00:00Z',
    addendumAt: '2026-09-09T01:00:00Z',
    biddingAt: '2026-09-14T01:00:00Z',
    title: { title_ko: '공공병원 의료기기 구매', title_en: 'Medical equipment for public hospitals' },
    notice: {
      estimatedPrice: 100_000_000,
      baseAmount: 100_000_000,
      submissionDeadline: '2026-09-10T10:00',
      openingAt: '2026-09-10T11:00',
    },
    securityPercent: 5,
    picks: true,
  },
];

for (const walk of WALKS) {
  describe(`a ${walk.template} tender from plan to opening`, () => {
    it('walks plan → notice → question → addendum → three bids → opening', async () => {
      const world = await tenderWorld(walk.template, walk.start);
      try {
        const bidders = await addBidders(world.tenant, 3, 'WALK');
        const plan = await publishedPlanEntry(world, walk.title);
        const notice = await publishedNotice(world, {
          planEntryId: plan,
          ...walk.title,
          ...walk.notice,
          bidSecurityPercent: walk.securityPercent,
        });
        assert.match(notice.noticeNo, /-000$/);

        // A supplier asks; the officer answers in public.
        const asked = await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/questions`)
          .set(bidders[0]!.auth)
          .send({ question: 'Is a local service centre required for maintenance?' })
          .expect(201);
        await request(world.app)
          .post(`/t/${world.slug}/api/v1/questions/${asked.body.id as string}/answer`)
          .set(world.officer)
          .send({ answer: 'Yes, within the region, as stated in section 4.' })
          .expect(204);

        // An addendum close to the deadline: the lead-time rule extends it.
        await world.setClock(walk.addendumAt, bidders);
        const addendum = await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/addenda`)
          .set(world.officer)
          .send({ summary: 'Section 4 now names the regions for the service centre.' })
          .expect(201);
        const deadline = new Date(addendum.body.submissionDeadline as string);
        const openingAt = new Date(addendum.body.openingAt as string);
        assert.ok(deadline > new Date(walk.biddingAt), 'the deadline moved past the bidding day');
        assert.match(addendum.body.noticeNo as string, /-001$/);
        assert.ok((addendum.body.appliedRules as string[]).some((r) => r.startsWith('addendum-lead-time')));
        const asker = await inTenant(world.tenant, (tx) =>
          tx('outbound_emails').where({ recipient: bidders[0]!.email }).count<{ n: string }[]>('* as n'),
        );
        assert.ok(Number(asker[0]!.n) >= 2, 'the asker heard of the answer and of the addendum');

        // Three bids before the new deadline.
        await world.setClock(walk.biddingAt, bidders);
        const prices = [88_000_000, 91_500_000, 86_250_000];
        for (const [i, bidder] of bidders.entries()) {
          await request(world.app)
            .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids`)
            .set(bidder.auth)
            .send({
              price: prices[i],
              bidSecurityAmount: securityFor(prices[i]!, walk.securityPercent),
              ...(walk.picks ? { picks: [i + 1, i + 4] } : {}),
            })
            .expect(201);
        }

        // The old opening time has passed but the notice was amended: still sealed.
        await world.setClock(new Date(openingAt.getTime() - 1));
        await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`)
          .set(world.officer)
          .expect(409);
        await world.setClock(openingAt);
        const opened = await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/open`)
          .set(world.officer)
          .expect(200);
        assert.equal(opened.body.outcome, 'opened');
        assert.deepEqual((opened.body.bids as { price: number }[]).map((b) => b.price).sort(), [...prices].sort());
        assert.equal(opened.body.reserve !== null, walk.picks);
        const page = await request(world.app).get(`/t/${world.slug}/notices/${notice.id}`).expect(200);
        assert.match(page.text, /WALK-0001/);
      } finally {
        await world.platform.close();
      }
    });
  });
}
