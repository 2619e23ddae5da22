/**
 * On BullMQ's PostgreSQL backend completed jobs are kept by age only: the backend enforces a count
 * by sorting every kept job on each completion (server/jobs/queues.ts, bench/README.md).
 */
import assert from 'node:assert/strict';
import { DEFAULT_JOB_OPTIONS } from '../../server/jobs/catalog.js';
import { byAgeOnly } from '../../server/jobs/queues.js';

describe('completed jobs kept on the PostgreSQL backend', () => {
  it('drops the count and keeps the age and every other option', () => {
    const options = { ...DEFAULT_JOB_OPTIONS, jobId: 'mail-x-1', delay: 5 };
    assert.deepEqual(byAgeOnly(options), { ...options, removeOnComplete: { age: 24 * 3600 } });
  });

  it('leaves options without both an age and a count as they are', () => {
    for (const options of [
      undefined,
      {},
      { removeOnComplete: true },
      { removeOnComplete: 100 },
      { removeOnComplete: { count: 5 } },
    ])
      assert.equal(byAgeOnly(options), options);
  });
});
