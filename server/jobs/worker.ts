/**
 * Runs the processors of every queue. A job's name picks its handler; a job nobody handles fails
 * with a clear error (and is kept as failed) instead of crashing the worker.
 */
import type { Logger } from '../logger.js';
import { JOB_TYPES, isJobName, type JobName } from './catalog.js';
import { QUEUE_NAMES, type JobWorker, type QueueName, type QueueSystem } from './queues.js';
import { runJob, type JobHandler, type RunnerDeps } from './runner.js';

export type Handlers = Partial<Record<JobName, JobHandler>>;

const CONCURRENCY: Record<QueueName, number> = { critical: 8, notifications: 8, maintenance: 2 };

export function startWorkers(
  system: QueueSystem,
  handlers: Handlers,
  deps: RunnerDeps & { logger: Logger },
): JobWorker[] {
  return QUEUE_NAMES.map((queue) => {
    const run = new Map<string, ReturnType<typeof runJob>>();
    for (const [name, handler] of Object.entries(handlers)) {
      if (isJobName(name) && JOB_TYPES[name].queue === queue && handler) run.set(name, runJob(deps, queue, handler));
    }
    return system.startWorker(
      queue,
      async (job, token) => {
        const processor = run.get(job.name);
        if (!processor) throw new Error(`No handler for job "${job.name}" on queue ${queue}`);
        return processor(job, token);
      },
      CONCURRENCY[queue],
    );
  });
}
