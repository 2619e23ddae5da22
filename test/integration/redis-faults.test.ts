/**
 * Faults of Redis itself, with a redis-server of this test's own (only when the suite runs with
 * REDIS_URL, the production configuration): an outage during activity, a worker killed mid-job,
 * a wiped Redis.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../server/db/embedded.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { deliverEmail } from '../../server/mail/delivery.js';
import { renewalReminder } from '../../server/suppliers/renewal-reminder-job.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { scratchDatabase, TEST_MASTER_KEY, testDatabaseUrl, testPlatform, uniqueSlug } from '../support/platform.js';
import { OwnRedis } from '../support/redis-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

if (process.env.TEST_REDIS_URL) {
  describe('Redis faults (a redis-server of its own)', function () {
    this.timeout(90_000);
    let redis: OwnRedis;
    before(async () => {
      redis = await OwnRedis.start();
    });
    after(() => redis.down());

    it('delivers every outbox job exactly once across a Redis outage during activity', async () => {
      const delivered = new Map<string, number>();
      // A database of its own, so that the worker's start re-derives this test's mail only, not the
      // unsent mail of every tenant earlier files left in the suite's shared database.
      const scratch = await scratchDatabase('koneps_redis_faults');
      // A job whose worker lost Redis mid-flight is taken over after the lock expires: keep it short.
      const platform = await testPlatform({
        env: {
          REDIS_URL: redis.url,
          JOB_LOCK_MS: '2000',
          DATABASE_URL: scratch.url,
          DATABASE_OWNER_URL: scratch.ownerUrl,
        },
        jobs: {
          sweepMs: 300,
          handlers: {
            'send-email': async (c: JobContext) => {
              const services = await platform.services();
              const outcome = await deliverEmail(
                c.tenant,
                String(c.job.data.emailId),
                services.mailTransport,
                services.delivery,
              );
              if (outcome === 'sent')
                delivered.set(String(c.job.data.emailId), (delivered.get(String(c.job.data.emailId)) ?? 0) + 1);
              return outcome;
            },
          },
        },
      });
      try {
        const tenant = (await platform.tenancy.resolve((await platform.createTenant('korea')).slug))!;
        const services = await platform.services();
        const ids: string[] = [];
        const send = async (i: number) =>
          ids.push(
            await inTenant(tenant, (tx) =>
              services.mailer.queue(tx, tenant, {
                to: `user${i}@example.kr`,
                locale: 'ko',
                template: 'verify_email',
                params: { name: `u${i}`, link: 'http://x' },
              }),
            ),
          );
        for (let i = 0; i < 40; i++) await send(i);
        await redis.down();
        for (let i = 40; i < 80; i++) await send(i);
        await sleep(1000);
        await redis.up();
        await until(() => Promise.resolve(ids.every((id) => delivered.has(id)) ? true : undefined), 60_000);
        await sleep(1000);
        assert.deepEqual([...new Set(delivered.values())], [1]);
        const unsent = await inTenant(tenant, (tx) =>
          tx('outbound_emails').whereNull('sent_at').count<{ c: string }[]>('* as c'),
        );
        assert.equal(unsent[0]!.c, '0');
      } finally {
        await platform.close();
        await scratch.drop();
      }
    });

    it('brings every timed job back after Redis is wiped and the app restarts', async () => {
      const prefix = `{${uniqueSlug('w')}}`;
      const env = { REDIS_URL: redis.url, QUEUE_PREFIX: prefix };
      const first = await testPlatform({ env });
      let tenant: TenantHandle;
      const expected: string[] = [];
      try {
        tenant = (await first.tenancy.resolve((await first.createTenant('vietnam')).slug))!;
        const services = await first.services();
        for (let i = 0; i < 3; i++) {
          const validUntil = new Date(Date.now() + (60 + i) * 24 * 3600 * 1000);
          await inTenant(tenant, async (tx) => {
            const [s] = await tx('suppliers')
              .insert({
                legal_name: JSON.stringify({ vi: `Công ty ${i}` }),
                registration_no: `WIPE-${i}`,
                tax_id: 'T',
                representative: 'R',
                address: 'A',
                contact_email: `w${i}@example.vn`,
                contact_phone: '+84 1 2345 678',
                categories: ['goods'],
                status: 'approved',
                valid_until: validUntil,
              })
              .returning<{ id: string }[]>('id');
            const job = renewalReminder(tenant, s!.id, validUntil);
            expected.push(job.jobId);
            await services.relay.enqueue(tx, tenant, job);
          });
        }
        await until(
          async () =>
            (await Promise.all(expected.map((id) => services.queues.queues.notifications.getJob(id)))).every(Boolean)
              ? true
              : undefined,
          10_000,
        );
      } finally {
        await first.close();
      }
      await redis.flushAll();
      const second = await testPlatform({ env });
      try {
        await second.app();
        const services = await second.services();
        const back = await Promise.all(expected.map((id) => services.queues.queues.notifications.getJob(id)));
        assert.ok(back.every(Boolean), 'every timed job is back');
      } finally {
        await second.close();
      }
    });

    it('completes a job once when its worker is killed mid-job and another takes over', async () => {
      const smtpPort = await freePort();
      let holdFirst = true;
      const accepted: string[] = [];
      let heldSeen = false;
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (holdFirst) {
              // The first attempt never gets its answer: its worker dies waiting.
              holdFirst = false;
              heldSeen = true;
              return;
            }
            accepted.push(Buffer.concat(chunks).toString());
            callback();
          });
        },
      });
      await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
      const prefix = `{${uniqueSlug('k')}}`;
      const platform = await testPlatform({
        env: { REDIS_URL: redis.url, QUEUE_PREFIX: prefix },
        jobs: { workers: false },
      });
      const workerEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        SESSION_SECRET: 'worker-session-secret-long-enough-to-pass',
        MASTER_KEY: TEST_MASTER_KEY,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        JOB_LOCK_MS: '2000',
        TENANTS_DIR: path.resolve('tenants'),
        LOG_LEVEL: 'silent',
      };
      const startWorker = () =>
        spawn(process.execPath, ['--import', 'tsx', 'server/worker-main.ts'], { env: workerEnv, stdio: 'ignore' });
      const doomed = startWorker();
      let survivor: ReturnType<typeof startWorker> | undefined;
      try {
        const tenant = (await platform.tenancy.resolve((await platform.createTenant('korea')).slug))!;
        const services = await platform.services();
        const emailId = await inTenant(tenant, (tx) =>
          services.mailer.queue(tx, tenant, {
            to: 'killed@example.kr',
            locale: 'ko',
            template: 'verify_email',
            params: { name: 'k', link: 'http://x' },
          }),
        );
        await until(() => Promise.resolve(heldSeen ? true : undefined), 30_000);
        doomed.kill('SIGKILL');
        survivor = startWorker();
        const sent = await until(async () => {
          const row = await inTenant(tenant, (tx) =>
            tx('outbound_emails').where({ id: emailId }).first<{ sent_at: Date | null; attempts: number }>(),
          );
          return row?.sent_at ? row : undefined;
        }, 60_000);
        assert.ok(sent.sent_at);
        await sleep(500);
        assert.equal(accepted.length, 1, 'the message was accepted exactly once');
      } finally {
        doomed.kill('SIGKILL');
        survivor?.kill('SIGKILL');
        await platform.close();
        await new Promise<void>((r) => smtp.close(() => r()));
      }
    });
  });
}
