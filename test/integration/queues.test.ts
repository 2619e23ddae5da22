import assert from 'node:assert/strict';
import { createLogger } from '../../server/logger.js';
import { openQueues, type QueueSystem } from '../../server/jobs/queues.js';
import { startWorkers } from '../../server/jobs/worker.js';
import { testDatabaseUrl, uniqueSlug } from '../support/platform.js';

describe(`jobs on ${process.env.TEST_REDIS_URL ? 'Redis' : "BullMQ's PostgreSQL backend"}`, () => {
  let system: QueueSystem;
  before(() => {
    system = openQueues({
      redisUrl: process.env.TEST_REDIS_URL,
      databaseUrl: testDatabaseUrl(),
      prefix: `{test-${process.env.TEST_RUN_ID}}`,
    });
  });
  after(() => system.close());

  it('runs a delayed job once, even when it is added twice with the same id', async () => {
    const tenant = uniqueSlug();
    const ran: string[] = [];
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    startWorkers(
      system,
      {
        critical: {
          probe: (job) => {
            ran.push(`${job.data.tenant}/${job.id}`);
            resolve();
            return Promise.resolve('ok');
          },
        },
      },
      createLogger('silent'),
    );
    const id = `probe-${tenant}-1`;
    await system.queues.critical.add('probe', { tenant }, { jobId: id, delay: 300 });
    await system.queues.critical.add('probe', { tenant }, { jobId: id, delay: 300 });
    await done;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(ran, [`${tenant}/${id}`]);
  });

  it('answers for readiness', async () => {
    const counts = await system.queues.critical.getJobCounts('waiting');
    assert.equal(typeof counts.waiting, 'number');
  });
});
