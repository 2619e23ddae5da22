/**
 * What every job goes through before its handler: the tenant is looked up again (gone → the job
 * completes as skipped, with a log line; paused, suspended or being moved to another database →
 * deferred, never dropped), lateness is measured and flagged, outcomes are counted per tenant.
 */
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from '../logger.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { LruMap, registerTenantCache } from '../tenancy/tenant-caches.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';
import type { JobMetrics } from './metrics.js';
import type { JobPayload, QueueName } from './queues.js';

export const DEFER_MS = 30_000;
/** A job starting later than this after its due time is reported as late. */
export const LATE_AFTER_MS = 60_000;

export interface JobContext {
  job: Job<JobPayload>;
  tenant: TenantHandle;
  /** Milliseconds between the due time and the start (a resumed tenant's jobs run late). */
  lateByMs: number;
  /** The worker's lock token, to move the job back to delayed. */
  token?: string;
}

export type JobHandler = (context: JobContext) => Promise<unknown>;

export interface RunnerDeps {
  tenancy: Tenancy;
  logger: Logger;
  metrics?: JobMetrics;
  /** Fires with each handler's start, for tests and benchmarks. */
  onStart?: (context: JobContext) => void;
  /** How long a paused, suspended or moving tenant's job waits before it is tried again. */
  deferMs?: number;
}

/**
 * Registry look-ups are cached for a second: a burst of a thousand due jobs costs one look-up per
 * tenant, and a pause or a suspension still takes effect within a second.
 */
const RECORD_TTL_MS = 1000;
const records = new LruMap<string, { at: number; record: Promise<TenantRecord | undefined> }>(10_000);
registerTenantCache('job registry lookups', () => records.size);
function lookUp(tenancy: Tenancy, slug: string): Promise<TenantRecord | undefined> {
  const cached = records.get(slug);
  if (cached && Date.now() - cached.at < RECORD_TTL_MS) return cached.record;
  const record = tenancy.registry.find(slug);
  records.set(slug, { at: Date.now(), record });
  return record;
}

/**
 * How late a job starts. A timed job carries its due time on the tenant's clock (`dueAt`), which
 * stays right when a sandbox's clock moves and the job is rescheduled; others are due when added.
 */
function lateness(job: Job<JobPayload>, tenant: TenantHandle): number {
  const dueAt = job.data.dueAt;
  // A clock standing still (tests) says nothing of how late a job starts: the queue's times do.
  if (typeof dueAt === 'number' && tenant.clock.kind !== 'fixed')
    return Math.max(0, clockInstant(tenant.clock).getTime() - dueAt);
  return Math.max(0, Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
}

/**
 * Puts a job that fired early back until `notBefore`, an instant of the tenant's clock: a
 * sandbox's clock runs ahead of the real one, so the wait is counted on it, not on the calendar.
 */
export async function delayUntil(context: JobContext, notBefore: number): Promise<never> {
  const wait = Math.max(0, notBefore - clockInstant(context.tenant.clock).getTime());
  await context.job.moveToDelayed(Date.now() + wait, context.token);
  throw new DelayedError();
}

export function runJob(deps: RunnerDeps, queue: QueueName, handler: JobHandler) {
  return async (job: Job<JobPayload>, token?: string): Promise<unknown> => {
    const slug = job.data.tenant;
    const labels = { queue, name: job.name, tenant: slug };
    const cached = await lookUp(deps.tenancy, slug);
    // A sandbox's clock may have just moved (its trainer's page, in another process): its jobs read
    // the registry afresh, or a job promoted by the move would find itself early on the old clock.
    const record = cached?.kind === 'sandbox' ? await deps.tenancy.registry.findNow(slug) : cached;
    // A training sandbox is not production: its jobs (on a clock that jumps) stay out of the metrics.
    const metrics = record?.kind === 'sandbox' ? undefined : deps.metrics;
    const tenant = record && record.status !== 'archived' ? deps.tenancy.handleFor(record) : undefined;
    if (!tenant) {
      deps.logger.info({ queue, job: job.id, tenant: slug }, 'job skipped: the tenant no longer exists');
      metrics?.outcomes.inc({ ...labels, outcome: 'skipped' });
      return { skipped: 'tenant-gone' };
    }
    if (record!.status === 'suspended' || record!.jobsPaused || record!.move) {
      metrics?.outcomes.inc({ ...labels, outcome: 'deferred' });
      await job.moveToDelayed(Date.now() + (deps.deferMs ?? DEFER_MS), token);
      throw new DelayedError();
    }
    const lateByMs = lateness(job, tenant);
    metrics?.lateness.observe({ queue, tenant: slug }, lateByMs / 1000);
    if (lateByMs > LATE_AFTER_MS) deps.logger.warn({ queue, job: job.id, tenant: slug, lateByMs }, 'job ran late');
    const context = { job, tenant, lateByMs, token };
    deps.onStart?.(context);
    const stop = metrics?.duration.startTimer(labels);
    try {
      const result = await handler(context);
      metrics?.outcomes.inc({ ...labels, outcome: 'completed' });
      return result;
    } catch (error) {
      metrics?.outcomes.inc({ ...labels, outcome: 'failed' });
      throw error;
    } finally {
      stop?.();
    }
  };
}
