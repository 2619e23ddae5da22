/**
 * Work the queue lost: Redis replicates asynchronously, so a failover may lose a job the outbox had
 * already handed over (its row is marked relayed). The workers' periodic reconcile reads the
 * overdue work from the database and hands it to the queue again; the effect happens once.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TIMED_WORK } from '../../server/job-registry.js';
import { reconcileOverdueJobs } from '../../server/jobs/timed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildTenant, type TenderWorld } from '../support/factories.js';

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('overdue work the queue lost', () => {
  let world: TenderWorld;
  before(async () => {
    world = await buildTenant('kurdistan', { at: '2026-09-01T07:00:00Z' });
  });
  after(() => world.platform.close());

  /**
   * The reconcile reads every tenant of the database; what it brought back for this file's tenant.
   * (Tenants earlier files left in the suite's database may have overdue work of their own.)
   */
  const reconcile = async () => {
    const services = await world.platform.services();
    const ids = await reconcileOverdueJobs(services.queues, world.platform.tenancy, services.logger, TIMED_WORK);
    return ids.filter((id) => id.includes(`-${world.slug}-`));
  };

  it('hands a lost opening job to the queue again once it is overdue, and the tender opens once', async () => {
    const services = await world.platform.services();
    const notice = await buildNotice(world, {
      state: 'open',
      fields: { submissionDeadline: '2026-10-01T10:00', openingAt: '2026-10-01T10:30' },
      bids: [40_000_000, 41_000_000],
      bidderPrefix: 'LOST',
    });
    const jobId = `open-${world.slug}-${notice.id}-r0`;
    const queue = services.queues.queues.critical;
    const planned = await until(() => queue.getJob(jobId), 'the opening job');
    // Lost, as a failover loses a write the replica never received.
    await planned.remove();
    assert.deepEqual(await reconcile(), [], 'not yet due: nothing to bring back');

    // Baghdad is UTC+3: the opening is at 07:30 UTC; a minute later it is overdue.
    await world.setClock('2026-10-01T07:31:00Z');
    assert.deepEqual(await reconcile(), [jobId]);
    const opened = await until(
      () =>
        inTenant(world.tenant, (tx) =>
          tx('notices').where({ id: notice.id }).whereNotNull('opened_at').first<{ status_details: string }>(),
        ),
      'the opening',
    );
    assert.equal(opened.status_details, 'opened');
    assert.deepEqual(await reconcile(), [], 'opened: nothing left to do');
    const counts = await inTenant(world.tenant, async (tx) => ({
      openings: (await tx('tender_openings').where({ notice_id: notice.id })).length,
      audit: (await tx('audit_entries').where({ action: 'tender.opened', target_id: notice.id })).length,
    }));
    assert.deepEqual(counts, { openings: 1, audit: 1 });
  });

  it('hands a lost e-mail delivery to the queue again, and the message goes out once', async () => {
    const services = await world.platform.services();
    // Written a few minutes ago with its job relayed, and the job gone from the queue since.
    const [row] = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .insert({
          recipient: 'lost@example.iq',
          locale: 'en',
          subject: 'Lost and found',
          body_text: 'Sent once.',
          created_at: tx.raw(`app_now() - interval '5 minutes'`),
        })
        .returning<{ id: string }[]>('id'),
    );
    const id = row!.id;
    assert.deepEqual(await reconcile(), [`mail-${world.slug}-${id}`]);
    await until(
      () => inTenant(world.tenant, (tx) => tx('outbound_emails').where({ id }).whereNotNull('sent_at').first('id')),
      'the delivery',
    );
    assert.deepEqual(await reconcile(), [], 'sent: nothing left to do');
    const files = await readdir(path.join(services.delivery.outboxDir, world.slug));
    assert.equal(files.filter((f) => f.endsWith(`-${id}.eml`)).length, 1);
  });
});
