import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addBidders } from '../support/bidders.js';
import { publishedNotice, publishedPlanEntry, securityFor, tenderWorld } from '../support/tender.js';
import request from 'supertest';

describe('the opening job', () => {
  it('is planned at publication on the critical queue and opens the tender once its time has come', async () => {
    const world = await tenderWorld('kurdistan', '2026-09-01T07:00:00Z');
    try {
      const services = await world.platform.services();
      const bidders = await addBidders(world.tenant, 2, 'JOB');
      const plan = await publishedPlanEntry(world, { title_ckb: 'پلانی کڕینی کەلوپەلی نووسینگە' });
      const notice = await publishedNotice(world, {
        planEntryId: plan,
        title_ckb: 'کڕینی کەلوپەلی نووسینگە',
        estimatedPrice: 50_000_000,
        bidSecurityPercent: 2,
        submissionDeadline: '2026-10-01T10:00',
        openingAt: '2026-10-01T10:30',
      });
      for (const [i, bidder] of bidders.entries()) {
        const price = 40_000_000 + i * 1_000_000;
        await request(world.app)
          .post(`/t/${world.slug}/api/v1/notices/${notice.id}/bids`)
          .set(bidder.auth)
          .send({ price, bidSecurityAmount: securityFor(price, 2) })
          .expect(201);
      }
      const jobId = `open-${world.slug}-${notice.id}-r0`;
      let job = await services.queues.queues.critical.getJob(jobId);
      for (let i = 0; i < 50 && !job; i++) {
        await sleep(100);
        job = await services.queues.queues.critical.getJob(jobId);
      }
      assert.ok(job, 'the opening job is queued');
      assert.equal(await job.getState(), 'delayed');

      // Baghdad is UTC+3: the opening is at 07:30 UTC.
      await world.setClock('2026-10-01T07:30:00Z');
      await job.promote();
      let opened: { opened_at: Date | null; status_details: string } | undefined;
      for (let i = 0; i < 100 && !opened?.opened_at; i++) {
        await sleep(100);
        opened = await inTenant(world.tenant, (tx) =>
          tx('notices').where({ id: notice.id }).first('opened_at', 'status_details'),
        );
      }
      assert.equal(opened?.status_details, 'opened');
      const record = await request(world.app).get(`/t/${world.slug}/api/v1/notices/${notice.id}/opening`).expect(200);
      assert.equal(record.body.validBids, 2);
      const audit = await inTenant(world.tenant, (tx) =>
        tx('audit_entries').where({ action: 'tender.opened' }).first('actor_label'),
      );
      assert.equal(audit?.actor_label, 'open-tender');
    } finally {
      await world.platform.close();
    }
  });
});
