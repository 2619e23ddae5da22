/**
 * Jobs: 1,000 timed jobs across 50 tenants all due in the same second — every one must run exactly
 * once; p50/p99 lateness (target p99 <= 2 s) — and the notification queue's throughput, on BullMQ's
 * PostgreSQL backend and on Redis. Handlers are no-ops: this measures the job machinery.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { bootPlatform } from '../server/bootstrap.js';
import { createI18n } from '../server/i18n/i18n.js';
import { jobRegistry } from '../server/job-registry.js';
import { jobId } from '../server/jobs/catalog.js';
import { openQueues } from '../server/jobs/queues.js';
import { startJobs } from '../server/jobs/system.js';
import { createServices } from '../server/services.js';
import { inTenant } from '../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../server/tenancy/tenant-handle.js';
import { percentile, scratch, type Figure, type Server } from './support.js';

const TENANTS = 50;
const PER_TENANT = 20;
const NOTIFICATIONS = 5000;

async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export async function benchJobs(
  server: Server,
  env: NodeJS.ProcessEnv,
  backend: { label: string; redisUrl?: string },
): Promise<Figure[]> {
  const db = await scratch(server, 'jobs');
  const prefix = `{bench-${randomBytes(3).toString('hex')}}`;
  const platform = await bootPlatform({
    env: {
      ...env,
      DATABASE_URL: db.url,
      DATABASE_OWNER_URL: db.url,
      DB_POOL_MAX: '20',
      ...(backend.redisUrl ? { REDIS_URL: backend.redisUrl } : {}),
      QUEUE_PREFIX: prefix,
    },
  });
  const queues = openQueues({ redisUrl: backend.redisUrl, databaseUrl: db.url, prefix });
  const services = createServices(platform, queues, await createI18n());
  const started = new Map<string, number[]>();
  let notified = 0;
  const jobs = await startJobs(services, queues, jobRegistry(services), {
    workers: true,
    handlers: {
      'renewal-reminder': ({ job }) => {
        const runs = started.get(job.id!) ?? [];
        runs.push(Date.now());
        started.set(job.id!, runs);
        return Promise.resolve();
      },
      'send-email': () => {
        notified++;
        return Promise.resolve();
      },
    },
  });
  try {
    const tenants: TenantHandle[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const record = await platform.provisioning.create(`j${i}`, { from: 'korea', demo: false });
      tenants.push(platform.tenancy.handleFor(record)!);
    }
    // All 1,000 due at the same instant, written through each tenant's outbox.
    const dueAt = Date.now() + 4000;
    await Promise.all(
      tenants.map((tenant) =>
        inTenant(tenant, async (tx) => {
          for (let k = 0; k < PER_TENANT; k++) {
            await services.relay.enqueue(tx, tenant, {
              name: 'renewal-reminder',
              jobId: jobId('bench', tenant.slug, k),
              data: { supplierId: `s${k}`, validUntil: 'x' },
              runAt: new Date(dueAt),
            });
          }
        }),
      ),
    );
    const total = TENANTS * PER_TENANT;
    const allRan = await until(() => started.size >= total, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    const lateness = [...started.values()].map((runs) => runs[0]! - dueAt);
    const duplicates = [...started.values()].filter((runs) => runs.length > 1).length;
    const p50 = percentile(lateness, 50) / 1000;
    const p99 = percentile(lateness, 99) / 1000;

    // Notification throughput: one tenant's 5,000 e-mails through the outbox, relay and workers.
    const t0 = performance.now();
    const [first] = tenants;
    await inTenant(first!, async (tx) => {
      for (let i = 0; i < NOTIFICATIONS; i += 1000) {
        await tx('job_outbox').insert(
          Array.from({ length: Math.min(1000, NOTIFICATIONS - i) }, (_, k) => ({
            queue: 'notifications',
            name: 'send-email',
            job_id: jobId('mail', first!.slug, 'bench', i + k),
            payload: JSON.stringify({ tenant: first!.slug, emailId: `b${i + k}` }),
          })),
        );
      }
    });
    await services.relay.relay(first!);
    await until(() => notified >= NOTIFICATIONS, 120_000);
    const throughput = NOTIFICATIONS / ((performance.now() - t0) / 1000);

    return [
      {
        name: `${backend.label}: 1,000 timed jobs, 50 tenants, due together — lateness p50`,
        value: p50,
        unit: 's',
        detail: `${started.size}/${total} ran, ${duplicates} more than once`,
      },
      {
        name: `${backend.label}: same — lateness p99`,
        value: p99,
        unit: 's',
        target: '<= 2',
        ok: allRan && duplicates === 0 && started.size === total && p99 <= 2,
      },
      {
        name: `${backend.label}: notification throughput (outbox → relay → worker)`,
        value: throughput,
        unit: 'jobs/s',
        detail: `${NOTIFICATIONS} jobs`,
      },
    ];
  } finally {
    await jobs.stop();
    await queues.close();
    await services.close();
    await platform.close();
    await db.drop();
  }
}
