/**
 * BullMQ queues on the configured backend: Redis in production (REDIS_URL), BullMQ's own
 * PostgreSQL backend in the embedded default. Queues are split by job class so bulk work
 * (notifications) never delays time-critical work (bid opening). Redis keys carry a brace-wrapped
 * prefix so every key of a queue hashes to one Redis Cluster slot.
 */
import { createHash } from 'node:crypto';
import {
  createPostgresBackend,
  createRedisBackend,
  runMigrations,
  withBackend,
  type Job,
  type JobsOptions,
} from 'bullmq';
import pg from 'pg';
import { applicationGrants, quoteRole } from '../db/roles.js';
import { ListenedClient } from '../db/listened-client.js';
import { ioredisClient, usesRedis, type RedisTarget } from './redis-connection.js';

export const QUEUE_NAMES = ['critical', 'notifications', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayload {
  tenant: string;
  [key: string]: unknown;
}

export type Processor = (job: Job<JobPayload>, token?: string) => Promise<unknown>;

/** What the rest of the code needs from a queue, whatever the backend. */
export interface JobQueue {
  readonly name: QueueName;
  add(jobName: string, data: JobPayload, options?: JobsOptions): Promise<Job<JobPayload>>;
  addBulk(jobs: { name: string; data: JobPayload; opts?: JobsOptions }[]): Promise<Job<JobPayload>[]>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  upsertJobScheduler(
    id: string,
    repeat: { pattern: string; tz: string },
    template: { name: string; data: JobPayload },
  ): Promise<unknown>;
  getJob(id: string): Promise<Job<JobPayload> | undefined>;
  /** Delayed jobs, soonest first, from `start` to `end` (inclusive, zero-based). */
  getDelayed(start?: number, end?: number): Promise<Job<JobPayload>[]>;
  /** Jobs waiting for a worker, oldest first, from `start` to `end` (inclusive, zero-based). */
  getWaiting(start?: number, end?: number): Promise<Job<JobPayload>[]>;
  /** Removes waiting (and, when asked, delayed) jobs: operators' clean-up, and tests. */
  drain(delayed?: boolean): Promise<void>;
  getJobSchedulers(): Promise<{ key: string; name: string; tz?: string | null }[]>;
  removeJobScheduler(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobWorker {
  close(): Promise<void>;
}

export interface QueueSystem {
  backend: 'redis' | 'postgres';
  queues: Record<QueueName, JobQueue>;
  startWorker(name: QueueName, processor: Processor, concurrency: number): JobWorker;
  /**
   * Resolves once every queue and worker started so far has its connection set up (PostgreSQL
   * backend: schema checked or migrated). BullMQ keeps a failed setup for good, so a process whose
   * setup was cut short by a database restart fails here at start instead of running without jobs.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface QueueSettings extends RedisTarget {
  databaseUrl: string;
  prefix: string;
  /**
   * How long a worker's claim on a job lasts without renewal: a worker killed mid-job loses its
   * claim after this and another worker takes the job over (BullMQ's stalled-job check).
   */
  lockMs?: number;
}

/**
 * Connection errors surface through /readyz and failed jobs; without a listener BullMQ would print
 * each one to the console.
 */
function quiet<T extends { on(event: 'error', listener: (error: Error) => void): unknown }>(emitter: T): T {
  emitter.on('error', () => {});
  return emitter;
}

function stallSettings(settings: QueueSettings) {
  return settings.lockMs ? { lockDuration: settings.lockMs, stalledInterval: settings.lockMs } : {};
}

export function openQueues(settings: QueueSettings): QueueSystem {
  const workers: JobWorker[] = [];
  if (usesRedis(settings)) {
    const { Queue, Worker } = withBackend(createRedisBackend);
    // Workers block on Redis and must survive a restart (maxRetriesPerRequest: null); producers
    // must fail fast instead, so an outbox row simply waits for the next relay while Redis is down.
    const connection = ioredisClient(settings, { maxRetriesPerRequest: null, lazyConnect: false });
    const producer = ioredisClient(settings, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    for (const c of [connection, producer]) {
      // Reported through /readyz and job failures; ioredis reconnects by itself.
      c.on('error', () => {});
    }
    const queues = Object.fromEntries(
      QUEUE_NAMES.map((name) => [
        name,
        quiet(new Queue<JobPayload>(name, { connection: producer, prefix: settings.prefix })),
      ]),
    ) as unknown as Record<QueueName, JobQueue>;
    return {
      backend: 'redis',
      queues,
      startWorker(name, processor, concurrency) {
        const worker = quiet(
          new Worker<JobPayload>(name, processor, {
            connection: quiet(connection.duplicate()),
            prefix: settings.prefix,
            concurrency,
            ...stallSettings(settings),
          }),
        );
        workers.push(worker);
        return worker;
      },
      // ioredis reconnects on its own; nothing is kept from a failed first connection.
      ready: async () => {},
      async close() {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all(Object.values(queues).map((q) => q.close()));
        connection.disconnect();
        producer.disconnect();
      },
    };
  }
  const { Queue, Worker } = withBackend(createPostgresBackend);
  // The application role only checks the schema prepareQueueSchema() made as the owner.
  // ListenedClient: a connection ended under a checked-out client must not end the process.
  const connection = {
    connectionString: settings.databaseUrl,
    schema: QUEUE_SCHEMA,
    migrate: false,
    max: 4,
    // Each job costs this backend a commit or two (claim, completion); waiting for each one's WAL
    // flush queued a thousand jobs due together behind the disk (bench/README.md, "Timed jobs").
    // Its commits do not wait: a PostgreSQL crash may lose its last fraction of a second, as Redis
    // syncing its append-only file every second does. Jobs from the outbox are not lost: the relay
    // marks its rows relayed in a later, synchronous commit, whose flush carries the jobs' WAL
    // written before it. A lost claim or completion runs the job again, as a worker's crash does.
    options: '-c synchronous_commit=off',
    Client: ListenedClient,
  };
  const made = QUEUE_NAMES.map((name) => [name, quiet(new Queue<JobPayload>(name, { connection }))] as const);
  // Asked only when ready() is: a promise made now would go unhandled if the setup fails.
  const setups: (() => Promise<unknown>)[] = made.map(
    ([, queue]) =>
      () =>
        queue.waitUntilReady(),
  );
  const queues = Object.fromEntries(
    made.map(([name, queue]) => [name, keptByAge(queue as unknown as JobQueue)]),
  ) as Record<QueueName, JobQueue>;
  return {
    backend: 'postgres',
    queues,
    startWorker(name, processor, concurrency) {
      const worker = quiet(
        new Worker<JobPayload>(name, processor, { connection, concurrency, ...stallSettings(settings) }),
      );
      setups.push(() => worker.waitUntilReady());
      workers.push(worker);
      return worker;
    },
    async ready() {
      await Promise.all(setups.map((setup) => setup()));
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

const QUEUE_SCHEMA = 'bullmq';

/**
 * Completed jobs are kept a day and at most 50,000 per queue (catalog.ts). BullMQ's PostgreSQL
 * backend enforces the count on each completion by sorting all of the queue's completed jobs: with
 * a thousand kept that was half of a completion's database time, and it grows with every job kept.
 * Its age rule uses an index. On this backend kept jobs cost disk rather than memory: a day bounds
 * them alone.
 */
export function byAgeOnly(options: JobsOptions | undefined): JobsOptions | undefined {
  const keep = options?.removeOnComplete;
  if (typeof keep !== 'object' || !('age' in keep) || keep.age === undefined || keep.count === undefined)
    return options;
  return { ...options, removeOnComplete: { age: keep.age } };
}

function keptByAge(queue: JobQueue): JobQueue {
  const add = queue.add.bind(queue);
  const addBulk = queue.addBulk.bind(queue);
  return Object.assign(queue, {
    add: (name: string, data: JobPayload, options?: JobsOptions) => add(name, data, byAgeOnly(options)),
    addBulk: (jobs: { name: string; data: JobPayload; opts?: JobsOptions }[]) =>
      addBulk(jobs.map((job) => ({ ...job, opts: byAgeOnly(job.opts) }))),
  });
}

/**
 * BullMQ's PostgreSQL backend, set up by the owner role at migrate time: its own migrations, the
 * per-queue job id sequences it would otherwise create on a queue's first job (DDL the
 * application role may not run), and the application role's privileges. `grantTo` undefined:
 * one role does both (development).
 */
export async function prepareQueueSchema(ownerUrl: string, grantTo: string | undefined): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client, QUEUE_SCHEMA);
    const sequences = QUEUE_NAMES.map(
      // BullMQ's job_id_seq_name(): 'bullmq_jid_' || md5(queue name).
      (name) =>
        `create sequence if not exists ${QUEUE_SCHEMA}.bullmq_jid_${createHash('md5').update(name).digest('hex')};`,
    ).join('\n');
    // Concurrent GRANTs on one object fail ("tuple concurrently updated"): one process at a time.
    await client.query(`begin;
      select pg_advisory_xact_lock(hashtext('migrate:${QUEUE_SCHEMA}'));
      ${sequences}
      ${grantTo ? `${applicationGrants(QUEUE_SCHEMA, grantTo)};\nrevoke insert, update, delete on ${QUEUE_SCHEMA}.migration from ${quoteRole(grantTo)};` : ''}
      commit;`);
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
