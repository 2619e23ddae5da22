import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import request from 'supertest';
import { buildNotice, buildTenant } from '../support/factories.js';

describe('the opening job', () => {
  it('is planned at publication on the critical queue and opens the tender once its time has come', async () => {
    const world = await buildTenant('kurdistan', { at: '2026-09-01T07:00:00Z' });
    try {
      const services = await world.platform.services();
      const notice = await buildNotice(world, {
        state: 'open',
        plan: { title_ckb: 'پلانی کڕینی کەلوپەلی نووسینگە' },
        fields: {
          title_ckb: 'کڕینی کەلوپەلی نووسینگە',
          estimatedPrice: 50_000_000,
          bidSecurityPercent: 2,
          submissionDeadline: '2026-10-01T10:00',
          openingAt: '2026-10-01T10:30',
        },
        bids: [40_000_000, 41_000_000],
        bidderPrefix: 'JOB',
      });
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
