/**
 * Runs the processors of every queue. A job's name picks its handler; a job nobody handles fails
 * with a clear error (and is kept as failed) instead of crashing the worker.
 */
import type { Logger } from '../logger.js';
import { QUEUE_NAMES, type JobWorker, type Processor, type QueueName, type QueueSystem } from './queues.js';

export type Handlers = Partial<Record<QueueName, Record<string, Processor>>>;

const CONCURRENCY: Record<QueueName, number> = { critical: 4, notifications: 4, maintenance: 1 };

export function startWorkers(system: QueueSystem, handlers: Handlers, logger: Logger): JobWorker[] {
  return QUEUE_NAMES.map((queue) =>
    system.startWorker(
      queue,
      async (job) => {
        const handler = handlers[queue]?.[job.name];
        if (!handler) throw new Error(`No handler for job "${job.name}" on queue ${queue}`);
        logger.debug({ queue, job: job.id, tenant: job.data.tenant }, 'job started');
        return handler(job);
      },
      CONCURRENCY[queue],
    ),
  );
}
