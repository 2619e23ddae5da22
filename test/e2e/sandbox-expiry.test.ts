import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUE_NAMES } from '../../server/jobs/queues.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { testSandbox } from '../support/sandbox.js';

describe('a training sandbox expiring', () => {
  let platform: TestPlatform;
  let services: Services;
  let partner: TenantHandle;

  const schemaExists = async (schema: string) =>
    (
      await platform.databases.primary.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [
        schema,
      ])
    ).rows.length > 0;

  before(async () => {
    platform = await testPlatform();
    services = await platform.services();
    partner = (await platform.tenancy.resolve((await platform.createTenant('kurdistan')).slug))!;
  });
  after(() => platform.close());

  it('is exported and dropped by its job at its expiry, with its schedules, and no other tenant is touched', async () => {
    const partnerUsers = () => inTenant(partner, (tx) => tx('users').orderBy('email').pluck('email'));
    const usersBefore = await partnerUsers();
    const slug = uniqueSlug('sbx');
    const record = await testSandbox(services, slug, {
      // Long enough for the checks below to run before it expires, even on a loaded machine.
      expiresAt: new Date(Date.now() + 6000),
    });
    assert.ok(await schemaExists(record.schemaName));
    const schedulers = async () =>
      (await Promise.all(QUEUE_NAMES.map((name) => services.queues.queues[name].getJobSchedulers())))
        .flat()
        .filter((s) => s.key.endsWith(`-${slug}`));
    assert.ok(
      (await schedulers()).some((s) => s.name === 'sandbox-expiry'),
      'checked hourly as well',
    );

    for (let i = 0; i < 300 && (await platform.tenancy.registry.findNow(slug)); i++) await sleep(100);
    assert.equal(await platform.tenancy.registry.findNow(slug), undefined, 'its registry row is gone');
    assert.equal(await schemaExists(record.schemaName), false, 'its schema is gone');
    const files = await readdir(path.join(services.sandboxDir, slug));
    assert.ok(
      files.some((f) => /^expired-.*\.tar\.gz$/.test(f)),
      `an export was kept: ${files.join(', ')}`,
    );
    assert.deepEqual(await schedulers(), []);

    assert.ok(await platform.tenancy.registry.findNow(partner.slug));
    assert.ok(await schemaExists(partner.schema));
    assert.deepEqual(await partnerUsers(), usersBefore);
  });

  it('leaves a sandbox before its expiry alone', async () => {
    const slug = uniqueSlug('sbx');
    await testSandbox(services, slug);
    // Its hourly check, run now: the sandbox is not expired.
    await services.queues.queues.maintenance.add('sandbox-expiry', { tenant: slug }, { jobId: `early-${slug}` });
    const job = (await services.queues.queues.maintenance.getJob(`early-${slug}`))!;
    for (let i = 0; i < 100 && (await job.getState()) !== 'completed'; i++) await sleep(100);
    assert.equal(await job.getState(), 'completed');
    assert.ok(await platform.tenancy.registry.findNow(slug));
  });
});
