/**
 * The transactional outbox and its relay. `enqueue(tx, tenant, job)` writes the job in the same
 * transaction as the business change; after commit the relay moves pending rows to BullMQ (with
 * their delay and a priority that keeps one tenant's bulk from starving the others) and marks them
 * relayed. A periodic sweep delivers whatever a crash or an unreachable queue left behind.
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { LruMap, registerTenantCache } from '../tenancy/tenant-caches.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { DEFAULT_JOB_OPTIONS, JOB_TYPES, type JobName } from './catalog.js';
import type { QueueSystem } from './queues.js';

export interface JobRequest {
  name: JobName;
  jobId: string;
  data: Record<string, string | number | boolean | null>;
  /** When the job is due; absent = now. */
  runAt?: Date;
}

interface OutboxRow {
  id: string;
  queue: keyof QueueSystem['queues'];
  name: string;
  job_id: string;
  payload: { tenant: string } & Record<string, unknown>;
  run_at: Date | null;
}

const BATCH = 500;
/** How long after a commit its jobs reach the queue, at most (plus the relay itself). */
const RELAY_DELAY_MS = 50;
/**
 * Fairness without BullMQ Pro's groups: a tenant's jobs get a lower priority (a higher number) the
 * more of them it relayed in the last minute, 50 per level, so one tenant's 10,000 notifications
 * never sit in front of another tenant's single one.
 */
const PER_PRIORITY_LEVEL = 50;
const MAX_PRIORITY = 2_097_151;
const RECENT_WINDOW_MS = 60_000;

export interface JobEnqueuer {
  /** Writes `job` to the outbox in `tx`. */
  enqueue(tx: Knex.Transaction, tenant: TenantHandle, job: JobRequest): Promise<void>;
  /** The same write, unsent, to go out in one statement with others (see db/together.ts). */
  outboxWrite(tx: Knex.Transaction, tenant: TenantHandle, job: JobRequest): Knex.QueryBuilder;
}

/** The outbox insert for `job`; the caller sends it. */
export function outboxInsert(tx: Knex.Transaction, tenant: TenantHandle, job: JobRequest): Knex.QueryBuilder {
  return tx('job_outbox').insert({
    queue: JOB_TYPES[job.name].queue,
    name: job.name,
    job_id: job.jobId,
    payload: JSON.stringify({ ...job.data, tenant: tenant.slug }),
    run_at: job.runAt ?? null,
  });
}

/**
 * A timed job carries its due time on the tenant's clock, so that when a sandbox's clock moves its
 * delay can be worked out again (sandbox/reschedule.ts) and its lateness measured on that clock.
 */
export function withDueTime<T extends object>(data: T, runAt: Date | null | undefined): T & { dueAt?: number } {
  return runAt ? { ...data, dueAt: runAt.getTime() } : data;
}

export class JobRelay implements JobEnqueuer {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly relaying = new Set<string>();
  /** Relays under way, which stop() waits for. */
  private readonly inFlight = new Set<Promise<number>>();
  private stopped = false;
  private readonly recent = new LruMap<string, { since: number; count: number }>(10_000);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tenancy: Tenancy,
    private readonly queues: QueueSystem,
    private readonly logger: Logger,
  ) {
    registerTenantCache('outbox volume', () => this.recent.size);
  }

  async enqueue(tx: Knex.Transaction, tenant: TenantHandle, job: JobRequest): Promise<void> {
    await this.outboxWrite(tx, tenant, job);
  }

  outboxWrite(tx: Knex.Transaction, tenant: TenantHandle, job: JobRequest): Knex.QueryBuilder {
    tx.executionPromise.then(
      () => this.nudge(tenant),
      () => {},
    );
    return outboxInsert(tx, tenant, job);
  }

  /**
   * Relays a tenant's pending jobs a moment after a commit. Bursts collapse into one relay, and a
   * tenant has one relay at a time: under a deadline spike each relay carries the jobs of dozens
   * of bids instead of a few, which spares the database most of the relaying.
   */
  nudge(tenant: TenantHandle): void {
    if (this.stopped || this.pending.has(tenant.slug)) return;
    const timer = setTimeout(() => {
      this.pending.delete(tenant.slug);
      if (this.relaying.has(tenant.slug)) return this.nudge(tenant);
      this.relaying.add(tenant.slug);
      this.relay(tenant)
        .catch((error: unknown) => this.logger.warn({ err: error, tenant: tenant.slug }, 'outbox relay deferred'))
        .finally(() => this.relaying.delete(tenant.slug));
    }, RELAY_DELAY_MS);
    timer.unref();
    this.pending.set(tenant.slug, timer);
  }

  /** Moves one tenant's pending outbox rows to BullMQ; returns how many. */
  relay(tenant: TenantHandle): Promise<number> {
    const run = this.relayBatches(tenant);
    this.inFlight.add(run);
    run.then(
      () => this.inFlight.delete(run),
      () => this.inFlight.delete(run),
    );
    return run;
  }

  private async relayBatches(given: TenantHandle): Promise<number> {
    // A sandbox's clock may have moved since the change that nudged us: delays follow its clock now.
    const tenant = given.kind === 'sandbox' ? ((await this.tenancy.resolve(given.slug)) ?? given) : given;
    let moved = 0;
    while (!this.stopped) {
      const count = await inTenant(tenant, async (tx) => {
        const rows = await tx<OutboxRow>('job_outbox')
          .whereNull('relayed_at')
          .orderBy('id')
          .limit(BATCH)
          .forUpdate()
          .skipLocked();
        if (rows.length === 0) return 0;
        const at = (await now(tx)).getTime();
        const backlog = this.recentlyRelayed(tenant.slug, rows.length);
        // One round trip per queue: the rows of a batch go to BullMQ together.
        for (const queue of new Set(rows.map((r) => r.queue))) {
          await this.queues.queues[queue].addBulk(
            rows
              .map((row, i) => ({ row, i }))
              .filter(({ row }) => row.queue === queue)
              .map(({ row, i }) => ({
                name: row.name,
                data: withDueTime(row.payload, row.run_at),
                opts: {
                  ...DEFAULT_JOB_OPTIONS,
                  jobId: row.job_id,
                  delay: row.run_at ? Math.max(0, row.run_at.getTime() - at) : 0,
                  priority: Math.min(MAX_PRIORITY, 1 + Math.floor((backlog + i) / PER_PRIORITY_LEVEL)),
                },
              })),
          );
        }
        await tx('job_outbox')
          .whereIn(
            'id',
            rows.map((r) => r.id),
          )
          .update({ relayed_at: tx.raw('app_now()') });
        return rows.length;
      });
      moved += count;
      if (count < BATCH) break;
    }
    return moved;
  }

  /** How many jobs this tenant relayed in the last minute, before adding `more`. */
  private recentlyRelayed(slug: string, more: number): number {
    const nowMs = Date.now();
    const entry = this.recent.get(slug);
    const current = entry && nowMs - entry.since < RECENT_WINDOW_MS ? entry : { since: nowMs, count: 0 };
    const before = current.count;
    current.count += more;
    this.recent.set(slug, current);
    return before;
  }

  /** Relays every tenant's leftovers (at start, then periodically). */
  async sweep(): Promise<void> {
    for (const tenant of await this.tenancy.operatingTenants()) {
      if (this.stopped) return;
      await this.relay(tenant).catch((error: unknown) =>
        this.logger.warn({ err: error, tenant: tenant.slug }, 'outbox sweep deferred'),
      );
    }
  }

  start(intervalMs = 15_000): void {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  /**
   * Stops relaying and waits for the relays under way, which must finish before the queues close:
   * BullMQ leaves a call on a closing connection unanswered for good, which would keep the relay's
   * transaction, its row locks and its connection forever.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}
