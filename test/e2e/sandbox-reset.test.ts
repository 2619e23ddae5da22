import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import request from 'supertest';
import type { AuditContext } from '../../server/audit/trail.js';
import { jobId } from '../../server/jobs/catalog.js';
import { moveSandboxClock, NotASandboxError } from '../../server/sandbox/clock.js';
import { sandboxSnapshot } from '../../server/sandbox/files.js';
import { resetSandbox } from '../../server/sandbox/reset.js';
import { traineeCards, traineeEmail, type TraineeCard } from '../../server/sandbox/trainees.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { currentTotp } from '../support/session.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { testSandbox } from '../support/sandbox.js';

const TRAINER: AuditContext = { actor: { type: 'platform', id: null, label: 'trainer@platform.test' } };
const DAY = 86_400_000;

describe('resetting a training sandbox to its start', () => {
  let platform: TestPlatform;
  let services: Services;
  let slug: string;
  let partner: TenantHandle;
  let cards: TraineeCard[];

  const fresh = async (s: string) => (await platform.tenancy.resolve(s))!;
  const clockOf = async (tenant: TenantHandle) =>
    (await inTenant(tenant, (tx) => tx.raw<{ rows: { now: Date }[] }>('select app_now() as now'))).rows[0]!.now;

  before(async () => {
    platform = await testPlatform();
    services = await platform.services();
    partner = await fresh((await platform.createTenant('kurdistan')).slug);
    slug = uniqueSlug('sbx');
    await testSandbox(services, slug, {
      trainees: 2,
      days: 14,
    });
    const sandbox = await fresh(slug);
    cards = await inTenant(sandbox, (tx) => traineeCards(services, tx, sandbox));
  });
  after(() => platform.close());

  it('keeps a snapshot of the sandbox as it was made', () => {
    assert.ok(existsSync(sandboxSnapshot(services.sandboxDir, slug)));
  });

  it("undoes the class's changes and its clock, and the trainees still sign in with their passwords", async () => {
    const before = (await platform.tenancy.registry.findNow(slug))!;
    await moveSandboxClock(services, TRAINER, slug, { kind: 'by', ms: 3 * DAY });
    let sandbox = await fresh(slug);
    await inTenant(sandbox, (tx) => tx('agencies').insert({ code: 'ADDED', name: JSON.stringify({ en: 'Added' }) }));
    assert.ok((await clockOf(sandbox)).getTime() - Date.now() > 3 * DAY - 60_000);

    const started = performance.now();
    await resetSandbox(services, TRAINER, slug);
    const took = performance.now() - started;
    console.log(`      (reset in ${Math.round(took)} ms)`);
    assert.ok(took < 10_000, `a reset takes seconds, not ${Math.round(took)} ms`);

    sandbox = await fresh(slug);
    const after = (await platform.tenancy.registry.findNow(slug))!;
    assert.equal(after.kind, 'sandbox');
    assert.equal(after.clockOffsetMs, 0);
    assert.equal(after.sandbox?.expiresAt.getTime(), before.sandbox?.expiresAt.getTime());
    assert.equal(after.sandbox?.trainees, 2);
    assert.ok(Math.abs((await clockOf(sandbox)).getTime() - Date.now()) < 60_000, 'back on the real time');
    const added = await inTenant(sandbox, (tx) => tx('agencies').where({ code: 'ADDED' }).first());
    assert.equal(added, undefined, "the class's change is gone");
    const moved = await inTenant(sandbox, (tx) => tx('audit_entries').where({ action: 'sandbox.clock-moved' }));
    assert.equal(moved.length, 0);
    const reset = await inTenant(sandbox, (tx) => tx('audit_entries').where({ action: 'sandbox.reset' }).first());
    assert.equal(reset?.summary.clockOffsetMs, before.clockOffsetMs + 3 * DAY);

    const card = cards[1]!;
    const signIn = await request(await platform.app())
      .post(`/s/${slug}/api/v1/auth/token`)
      .send({
        email: traineeEmail(slug, card.number, 'officer'),
        password: card.password,
        secondFactor: await currentTotp(card.totpSecret),
      });
    assert.equal(signIn.status, 201, JSON.stringify(signIn.body));

    // Its expiry job, removed with its other queued jobs, is planned again.
    const expiry = await services.queues.queues.maintenance.getJob(
      jobId('expire', slug, after.sandbox.expiresAt.getTime()),
    );
    assert.equal(await expiry?.getState(), 'delayed');
  });

  it('refuses a partner', async () => {
    await assert.rejects(resetSandbox(services, TRAINER, partner.slug), NotASandboxError);
    assert.ok(await platform.tenancy.registry.findNow(partner.slug));
  });
});
