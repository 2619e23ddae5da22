/**
 * Starting and stopping background work in a process: the outbox sweep, the nightly schedules,
 * the re-derived timed jobs and (where this process runs them) the workers.
 */
import type { Services } from '../services.js';
import { jobHandlers } from './handlers.js';
import type { JobWorker, QueueSystem } from './queues.js';
import type { JobContext } from './runner.js';
import { ensureSchedules } from './schedules.js';
import { rederiveTimedJobs } from './timed.js';
import { startWorkers, type Handlers } from './worker.js';

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
}

export async function startJobs(services: Services, queues: QueueSystem, options: JobOptions): Promise<RunningJobs> {
  const { tenancy, logger, relay } = services;
  await ensureSchedules(queues, tenancy).catch((error: unknown) => logger.error({ err: error }, 'schedules not set'));
  await rederiveTimedJobs(queues, tenancy, logger);
  await relay.sweep();
  relay.start(options.sweepMs);
  const handlers = { ...jobHandlers(services), ...options.handlers };
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
  return {
    workers,
    async stop() {
      await relay.stop();
      await Promise.allSettled(workers.map((w) => w.close()));
    },
  };
}
