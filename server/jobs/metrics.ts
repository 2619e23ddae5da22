/**
 * Prometheus metrics for operators (prom-client): per tenant, job latency, lateness and outcomes;
 * per queue, depth by state (read from the queues at scrape time); per tenant, outbox rows waiting.
 * Training sandboxes are left out: they are not production, and their clocks jump.
 */
import client from 'prom-client';
import type { Tenancy } from '../tenancy/tenancy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { QueueSystem } from './queues.js';

export class JobMetrics {
  readonly registry = new client.Registry();
  readonly duration = new client.Histogram({
    name: 'koneps_job_duration_seconds',
    help: 'Time a job took to process',
    labelNames: ['queue', 'name', 'tenant'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });
  readonly lateness = new client.Histogram({
    name: 'koneps_job_lateness_seconds',
    help: 'How long after its due time a job started',
    labelNames: ['queue', 'tenant'],
    buckets: [0.1, 0.5, 1, 2, 5, 30, 300],
    registers: [this.registry],
  });
  readonly outcomes = new client.Counter({
    name: 'koneps_jobs_total',
    help: 'Jobs by outcome: completed, failed, skipped (tenant gone), deferred (tenant paused or suspended)',
    labelNames: ['queue', 'name', 'tenant', 'outcome'],
    registers: [this.registry],
  });

  constructor(queues: QueueSystem, tenancy: Tenancy) {
    new client.Gauge({
      name: 'koneps_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const [name, queue] of Object.entries(queues.queues)) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
          for (const [state, value] of Object.entries(counts)) this.set({ queue: name, state }, value);
        }
      },
    });
    new client.Gauge({
      name: 'koneps_outbox_pending',
      help: 'Outbox rows of each tenant not yet relayed to the queues',
      labelNames: ['tenant'],
      registers: [this.registry],
      async collect() {
        for (const tenant of await tenancy.operatingTenants()) {
          // Training sandboxes are not production.
          if (tenant.kind === 'sandbox') continue;
          const pending = await inTenant(tenant, async (tx) =>
            Number((await tx('job_outbox').whereNull('relayed_at').count<{ c: string }[]>('* as c'))[0]?.c ?? 0),
          ).catch(() => NaN);
          this.set({ tenant: tenant.slug }, pending);
        }
      },
    });
  }
}
