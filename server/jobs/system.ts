/**
 * Starting and stopping background work in a process: the outbox sweep, the nightly schedules,
 * the re-derived timed jobs and (where this process runs them) the workers, with the periodic
 * reconcile of overdue work the queue may have lost. What each job does
 * comes from the caller's job registry (server/job-registry.ts): this machinery knows no feature.
 */
import type { Logger } from '../logger.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import type { JobMetrics } from './metrics.js';
import type { JobRelay } from './outbox.js';
import type { JobWorker, QueueSystem } from './queues.js';
import type { JobContext, JobHandler } from './runner.js';
import type { JobName } from './catalog.js';
import { ensureSchedules } from './schedules.js';
import { reconcileOverdueJobs, rederiveTimedJobs, type TimedWork } from './timed.js';
import { startWorkers, type Handlers } from './worker.js';

/** What the job machinery needs of a process's services (the whole container fits). */
export interface JobMachinery {
  tenancy: Tenancy;
  logger: Logger;
  relay: JobRelay;
  metrics: JobMetrics;
}

/** The work behind the job names: a handler for each, and the features' sources of timed work. */
export interface JobRegistry {
  handlers: Record<JobName, JobHandler>;
  timedWork: readonly TimedWork[];
}

export interface RunningJobs {
  workers: JobWorker[];
  stop(): Promise<void>;
}

export interface JobOptions {
  workers: boolean;
  onStart?: (c: JobContext) => void;
  deferMs?: number;
  /** Replaces handlers (tests and benchmarks measure the machinery, not the work). */
  handlers?: Partial<Handlers>;
  /** How often the outbox sweep runs (default 15 s). */
  sweepMs?: number;
  /** How often a process with workers looks for overdue work the queue lost (default 60 s). */
  reconcileMs?: number;
}

export async function startJobs(
  services: JobMachinery,
  queues: QueueSystem,
  registry: JobRegistry,
  options: JobOptions,
): Promise<RunningJobs> {
  const { tenancy, logger, relay } = services;
  await ensureSchedules(queues, tenancy).catch((error: unknown) => logger.error({ err: error }, 'schedules not set'));
  await rederiveTimedJobs(queues, tenancy, logger, registry.timedWork);
  await relay.sweep();
  relay.start(options.sweepMs);
  const handlers = { ...registry.handlers, ...options.handlers };
  const workers = options.workers
    ? startWorkers(queues, handlers, {
        tenancy,
        logger,
        metrics: services.metrics,
        onStart: options.onStart,
        deferMs: options.deferMs,
      })
    : [];
  await queues.ready();
  const reconcile = options.workers ? periodicReconcile(services, queues, registry, options.reconcileMs) : undefined;
  return {
    workers,
    async stop() {
      await reconcile?.stop();
      await relay.stop();
      await Promise.allSettled(workers.map((w) => w.close()));
    },
  };
}

/**
 * Overdue work looked at again every `everyMs` (jobs/timed.ts reconcileOverdueJobs), one pass at a
 * time. Only where workers run: that is where the work would otherwise go missing.
 */
function periodicReconcile(
  { tenancy, logger }: JobMachinery,
  queues: QueueSystem,
  registry: JobRegistry,
  everyMs = 60_000,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = reconcileOverdueJobs(queues, tenancy, logger, registry.timedWork)
      .catch((error: unknown) => logger.warn({ err: error }, 'overdue jobs not reconciled'))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
