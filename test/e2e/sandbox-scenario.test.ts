import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import type { AuditContext } from '../../server/audit/trail.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { scenarioProgress } from '../../server/sandbox/dashboard.js';
import { resetSandbox } from '../../server/sandbox/reset.js';
import { traineeEmail } from '../../server/sandbox/trainees.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { testSandbox } from '../support/sandbox.js';

const TRAINER: AuditContext = { actor: { type: 'platform', id: null, label: 'trainer@platform.test' } };

describe('a sandbox made with a scenario', () => {
  let platform: TestPlatform;
  let services: Services;
  let slug: string;
  const sandbox = async (): Promise<TenantHandle> => (await platform.tenancy.resolve(slug))!;
  const notices = async () =>
    inTenant(await sandbox(), (tx) =>
      tx('notices')
        .whereNotNull('published_at')
        .orderBy('notice_no')
        .select<{ id: string; status_details: string; opened_at: Date | null }[]>('id', 'status_details', 'opened_at'),
    );
  async function untilAllFailed(count: number) {
    for (let i = 0; i < 150; i++) {
      const rows = await notices();
      if (rows.length === count && rows.every((n) => n.status_details === 'failed')) return rows;
      await sleep(100);
    }
    assert.fail(`the ${count} notices did not all fail at their opening: ${JSON.stringify(await notices())}`);
  }

  before(async () => {
    platform = await testPlatform();
    await platform.app();
    services = await platform.services();
    slug = uniqueSlug('class');
    const started = performance.now();
    await testSandbox(services, slug, {
      trainees: 3,
      days: 14,
      scenario: 'failed-tender-direct-contract',
    });
    console.log(`      (3 trainees and the scenario's setup: ${Math.round(performance.now() - started)} ms)`);
  });
  after(() => platform.close());

  it('sets the situation up with the services: one notice per officer, one bid each, failed at the opening', async () => {
    await untilAllFailed(3);
    const tenant = await sandbox();
    assert.ok(tenant.clock.kind === 'offset' && tenant.clock.ms > 10 * 86_400_000, 'the clock stands at the opening');
    const publishedBy = await inTenant(tenant, (tx) =>
      tx('audit_entries').where({ action: 'notice.published' }).pluck<string[]>('actor_label'),
    );
    assert.deepEqual(publishedBy.sort(), [1, 2, 3].map((n) => traineeEmail(slug, n, 'officer')).sort());
    const bidders = await inTenant(tenant, (tx) =>
      tx('audit_entries').where({ action: 'bid.submitted' }).pluck<string[]>('actor_label'),
    );
    assert.deepEqual(bidders.sort(), [1, 2, 3].map((n) => traineeEmail(slug, n, 'supplier')).sort());
  });

  it("counts a trainee's step when that trainee does it, not the setup's work", async () => {
    const scenario = services.scenarios.get('failed-tender-direct-contract')!;
    const before = await scenarioProgress(await sandbox(), scenario);
    assert.deepEqual(
      before.map((p) => p.reached),
      [1, 2, 3].map(() => [false, false, false, false]),
    );
    const tenant = await sandbox();
    const officer = await inTenant(tenant, async (tx) => {
      const user = await tx('users')
        .where({ email: traineeEmail(slug, 2, 'officer') })
        .first<{ id: string }>('id');
      return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
    });
    const mine = await inTenant(tenant, (tx) =>
      tx('audit_entries')
        .where({ action: 'notice.published', actor_label: traineeEmail(slug, 2, 'officer') })
        .first<{ target_id: string }>('target_id'),
    );
    await request(await platform.app())
      .post(`/s/${slug}/api/v1/notices/${mine.target_id}/retender`)
      .set(officer)
      .send({ submissionDeadline: '2030-03-04T10:00', openingAt: '2030-03-04T11:00' })
      .expect(201);
    const after = await scenarioProgress(await sandbox(), scenario);
    assert.deepEqual(
      after.map((p) => p.reached),
      [
        [false, false, false, false],
        [true, false, false, false],
        [false, false, false, false],
      ],
    );
  });

  it('resets to the start of the scenario: its notices, its moved clock, no re-tender', async () => {
    const before = (await sandbox()).clock;
    await resetSandbox(services, TRAINER, slug);
    const tenant = await sandbox();
    assert.ok(tenant.clock.kind === 'offset' && before.kind === 'offset');
    assert.ok(Math.abs(tenant.clock.ms - before.ms) < 60_000, 'the clock is back where the setup left it');
    await untilAllFailed(3);
    const retenders = await inTenant(tenant, (tx) => tx('audit_entries').where({ action: 'notice.retendered' }));
    assert.equal(retenders.length, 0);
  });
});
