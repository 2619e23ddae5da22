import assert from 'node:assert/strict';
import pg from 'pg';
import { jobId } from '../../server/jobs/catalog.js';
import { outboxInsert } from '../../server/jobs/outbox.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { TIMED_WORK } from '../../server/job-registry.js';
import { rederiveTimedJobs } from '../../server/jobs/timed.js';
import { renewalReminder } from '../../server/suppliers/renewal-reminder-job.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { scratchDatabase, testDatabaseUrl, testPlatform, type TestPlatform } from '../support/platform.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(25);
  }
}

describe(`background jobs on ${process.env.TEST_REDIS_URL ? 'Redis' : "BullMQ's PostgreSQL backend"}`, () => {
  let platform: TestPlatform;
  const started: JobContext[] = [];
  const emailsSent: string[] = [];
  let a: TenantHandle;
  let b: TenantHandle;

  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

  before(async () => {
    // A database of its own: at its start the worker re-derives the timed work of every tenant it
    // sees, and in the suite's shared database that is every earlier file's tenants, whose work
    // would share this worker with the timings measured here.
    scratch = await scratchDatabase('koneps_jobs');
    platform = await testPlatform({
      env: { DB_POOL_MAX: '10', DATABASE_URL: scratch.url, DATABASE_OWNER_URL: scratch.ownerUrl },
      jobs: {
        deferMs: 300,
        onStart: (c) => started.push(c),
        handlers: {
          // The machinery is under test here, not SMTP: a notification takes 2 ms.
          'send-email': async ({ job }) => {
            await sleep(2);
            emailsSent.push(String(job.data.emailId));
          },
        },
      },
    });
    a = (await platform.tenancy.resolve((await platform.createTenant('korea', { demo: true })).slug))!;
    b = (await platform.tenancy.resolve((await platform.createTenant('vietnam', { demo: true })).slug))!;
    await platform.app();
  });
  after(async () => {
    await platform.close();
    await scratch.drop();
  });

  const enqueueMail = async (tenant: TenantHandle, id: string) => {
    const services = await platform.services();
    await inTenant(tenant, (tx) =>
      services.relay.enqueue(tx, tenant, {
        name: 'send-email',
        jobId: jobId('mail', tenant.slug, id),
        data: { emailId: id },
      }),
    );
  };

  it('relays a job written in a committed transaction, once even when written twice with one id', async () => {
    await enqueueMail(a, 'dedupe-1');
    await enqueueMail(a, 'dedupe-1');
    await until(() => (emailsSent.includes('dedupe-1') ? true : undefined));
    await sleep(300);
    assert.equal(emailsSent.filter((e) => e === 'dedupe-1').length, 1);
  });

  it('never relays a job whose transaction rolled back', async () => {
    const services = await platform.services();
    await assert.rejects(
      inTenant(a, async (tx) => {
        await services.relay.enqueue(tx, a, {
          name: 'send-email',
          jobId: jobId('mail', a.slug, 'rolled-back'),
          data: { emailId: 'rolled-back' },
        });
        throw new Error('the change failed');
      }),
    );
    await sleep(400);
    assert.ok(!emailsSent.includes('rolled-back'));
  });

  it("runs another tenant's due job within a second while one tenant has 10,000 notifications queued", async () => {
    const services = await platform.services();
    await inTenant(a, async (tx) => {
      for (let i = 0; i < 10_000; i += 1000) {
        await tx('job_outbox').insert(
          Array.from({ length: 1000 }, (_, j) => ({
            queue: 'notifications',
            name: 'send-email',
            job_id: jobId('mail', a.slug, 'bulk', i + j),
            payload: JSON.stringify({ tenant: a.slug, emailId: `bulk-${i + j}` }),
          })),
        );
      }
    });
    await services.relay.relay(a);
    const before = emailsSent.filter((e) => e.startsWith('bulk-')).length;
    const t0 = Date.now();
    await enqueueMail(b, 'urgent');
    await until(() => (emailsSent.includes('urgent') ? true : undefined), 5_000);
    const waited = Date.now() - t0;
    const bulkDone = emailsSent.filter((e) => e.startsWith('bulk-')).length;
    assert.ok(waited < 1000, `waited ${waited} ms`);
    assert.ok(bulkDone - before < 10_000, 'the bulk was still queued when the other job ran');
    await services.queues.queues.notifications.drain();
  });

  it('runs a timed job by itself when it is due, and its e-mail appears in the outbox', async () => {
    const services = await platform.services();
    // A supplier whose registration expires 30 days and 2 seconds from now: the reminder is due in 2 s.
    const validUntil = new Date(Date.now() + 30 * 24 * 3600 * 1000 + 2000);
    const supplierId = await inTenant(b, async (tx) => {
      const [s] = await tx('suppliers')
        .insert({
          legal_name: JSON.stringify({ vi: 'Công ty Hẹn giờ', en: 'Timer Co' }),
          registration_no: 'TIMER-1',
          tax_id: 'T-1',
          representative: 'R',
          address: 'A',
          contact_email: 'timer@example.vn',
          contact_phone: '+84 1 2345 678',
          categories: ['goods'],
          status: 'approved',
          valid_until: validUntil,
        })
        .returning<{ id: string }[]>('id');
      await tx('users').insert({
        email: 'timer@example.vn',
        display_name: 'Hẹn Giờ',
        roles: ['supplier-admin'],
        password_hash: 'x',
        supplier_id: s!.id,
        locale: 'vi',
        email_verified_at: tx.raw('app_now()'),
      });
      await services.relay.enqueue(tx, b, renewalReminder(b, s!.id, validUntil));
      return s!.id;
    });
    const t0 = Date.now();
    const reminder = await until(
      () => started.find((c) => c.job.name === 'renewal-reminder' && c.job.data.supplierId === supplierId),
      10_000,
    );
    assert.ok(Date.now() - t0 >= 1500, 'not before it was due');
    assert.ok(reminder.lateByMs < 2000);
    const mail = await until(() =>
      inTenant(b, (tx) =>
        tx('outbound_emails')
          .where({ recipient: 'timer@example.vn' })
          .first<{ body_text: string; locale: string } | undefined>(),
      ),
    );
    assert.equal(mail.locale, 'vi');
    assert.match(mail.body_text, /Timer|Hẹn giờ/);
  });

  it('defers the jobs of a paused tenant and runs them, flagged late, after it resumes', async () => {
    await platform.tenancy.registry.update(a.slug, { jobsPaused: true });
    const at = started.length;
    await enqueueMail(a, 'paused-1');
    await sleep(800);
    assert.ok(!emailsSent.includes('paused-1'), 'no job runs while the tenant is paused');
    await platform.tenancy.registry.update(a.slug, { jobsPaused: false });
    await until(() => (emailsSent.includes('paused-1') ? true : undefined));
    const run = started.slice(at).find((c) => c.job.data.emailId === 'paused-1')!;
    assert.ok(run.lateByMs > 0);
  });

  it('defers the jobs of a tenant being moved to another database, and runs them after its window', async () => {
    assert.ok(await platform.tenancy.registry.beginMove(b.slug, 'SECOND_DATABASE_URL'));
    // The runner keeps a tenant's record for a second: the window is seen within it.
    await sleep(1100);
    await enqueueMail(b, 'moving-1');
    await sleep(800);
    assert.ok(!emailsSent.includes('moving-1'), 'no job runs while the tenant is being moved');
    await platform.tenancy.registry.update(b.slug, { move: null });
    await until(() => (emailsSent.includes('moving-1') ? true : undefined));
  });

  it("completes a deleted tenant's job as skipped", async () => {
    const services = await platform.services();
    const gone = (await platform.tenancy.resolve((await platform.createTenant('korea')).slug))!;
    await platform.provisioning.drop(gone.slug);
    const job = await services.queues.queues.notifications.add(
      'send-email',
      { tenant: gone.slug, emailId: 'x' },
      { jobId: jobId('mail', gone.slug, 'x') },
    );
    const result = await until(async () => {
      const state = await services.queues.queues.notifications.getJob(job.id!);
      return state?.returnvalue ? (state.returnvalue as { skipped: string }) : undefined;
    });
    assert.equal(result.skipped, 'tenant-gone');
  });

  it('brings timed jobs back from the database after the queue loses them', async () => {
    const services = await platform.services();
    const validUntil = new Date(Date.now() + 90 * 24 * 3600 * 1000);
    const supplierId = await inTenant(a, async (tx) => {
      const [s] = await tx('suppliers')
        .insert({
          legal_name: JSON.stringify({ ko: '복원 주식회사' }),
          registration_no: 'REDERIVE-1',
          tax_id: 'T-2',
          representative: 'R',
          address: 'A',
          contact_email: 'r@example.kr',
          contact_phone: '+82 2 123 4567',
          categories: ['goods'],
          status: 'approved',
          valid_until: validUntil,
        })
        .returning<{ id: string }[]>('id');
      return s!.id;
    });
    const expected = renewalReminder(a, supplierId, validUntil).jobId;
    await services.queues.queues.notifications.getJob(expected).then((j) => j?.remove());
    assert.equal(await services.queues.queues.notifications.getJob(expected), undefined);
    await rederiveTimedJobs(services.queues, platform.tenancy, services.logger, TIMED_WORK);
    const back = await services.queues.queues.notifications.getJob(expected);
    assert.ok(back, 'the reminder is back in the queue');
    assert.ok((back.opts.delay ?? 0) > 59 * 24 * 3600 * 1000);
  });

  it('sets the nightly schedules of each tenant in its own time zone', async () => {
    const services = await platform.services();
    const schedulers = (await services.queues.queues.maintenance.getJobSchedulers()) ?? [];
    const mine = schedulers.filter((s) => String(s.key).endsWith(b.slug));
    assert.deepEqual(mine.map((s) => s.name).sort(), [
      'audit-verification',
      'integrity-flags',
      'ocds-export',
      'payments-overdue-sweep',
      'registration-sweep',
      'retention-purge',
    ]);
    assert.ok(mine.every((s) => s.tz === 'Asia/Ho_Chi_Minh'));
  });

  it('publishes queue depth, lateness and outcomes per tenant at /metrics', async () => {
    const text = await (await platform.services()).metrics.registry.metrics();
    assert.match(text, /koneps_queue_jobs\{queue="notifications",state="waiting"\}/);
    assert.match(
      text,
      new RegExp(
        `koneps_jobs_total\\{queue="notifications",name="send-email",tenant="${a.slug}",outcome="completed"\\}`,
      ),
    );
    assert.match(text, /koneps_job_lateness_seconds_bucket/);
    assert.match(text, new RegExp(`koneps_outbox_pending\\{tenant="${a.slug}"\\} 0`));
  });
});

describe('stopping the outbox relay', () => {
  it('lets a relay under way reach the queue before the queues close, so shutdown never hangs', async () => {
    const platform = await testPlatform();
    const tenant = (await platform.tenancy.resolve((await platform.createTenant()).slug))!;
    const services = await platform.services();
    const id = jobId('mail', tenant.slug, 'at-shutdown');
    // Written without the nudge, so that the only relay is the one started below.
    await inTenant(tenant, (tx) => outboxInsert(tx, tenant, { name: 'send-email', jobId: id, data: { emailId: 'x' } }));
    const outbox = `${tenant.schema}.job_outbox`;
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      // Holds the relay at its first statement while shutdown begins.
      await holder.query(`begin; lock table ${outbox} in access exclusive mode`);
      const relaying = services.relay.relay(tenant);
      const closing = platform.close();
      await sleep(1_000);
      await holder.query('commit');
      await closing;
      assert.equal(await relaying, 1);
      const { rows } = await holder.query(`select relayed_at from ${outbox} where job_id = $1`, [id]);
      assert.ok(rows[0].relayed_at, 'the job reached the queue and its outbox row says so');
    } finally {
      await holder.end();
    }
  });
});
