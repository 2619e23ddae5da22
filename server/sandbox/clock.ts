/**
 * A training sandbox's clock, moved forward by its trainer: "to the deadline", "to the opening",
 * "+3 days", or to a date. The offset is in the registry (platform.tenants), so web and worker
 * processes follow it; the move and its audit entry are one transaction. Backward is refused (409),
 * and so is any tenant that is not a sandbox: here, and again by the table's CHECKs.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../audit/trail.js';
import type { Deps } from '../deps.js';
import { AppError, NotFoundError } from '../http/errors.js';
import { DEFAULT_JOB_OPTIONS, jobId } from '../jobs/catalog.js';
import { rescheduleTenantJobs } from '../jobs/reschedule.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { instantOfWallClock } from '../time/zone.js';

/** Where the trainer sends the clock. */
export type ClockTarget =
  | { kind: 'by'; ms: number }
  | { kind: 'at'; at: Date }
  /** A date and time as the sandbox's time zone reads it ("2026-12-17T11:30"), from the trainer's form. */
  | { kind: 'wall-clock'; text: string }
  | { kind: 'deadline'; noticeId: string }
  | { kind: 'opening'; noticeId: string };

/**
 * "To the deadline" stops this long before it: the class sees the last minutes and can still bid
 * (a bid at the deadline itself is late).
 */
export const BEFORE_DEADLINE_MS = 5 * 60_000;

/**
 * Other processes see the move within about two seconds (the registry's lookups, tenancy/registry.ts);
 * a job one of them adds meanwhile on the old clock is rescheduled by a second pass after this.
 */
const FOLLOW_UP_MS = 3_000;

export class NotASandboxError extends AppError {
  constructor() {
    super('clock_not_movable', 409, 'sandbox:clock_not_movable');
  }
}

export class ClockBackwardError extends AppError {
  constructor(target: Date, current: Date) {
    super('clock_backward', 409, 'sandbox:clock_backward', {
      target: target.toISOString(),
      current: current.toISOString(),
    });
    this.extensions = { target: target.toISOString(), current: current.toISOString() };
  }
}

export class ClockNoticeNotFoundError extends NotFoundError {
  constructor() {
    super('notice_not_found', 'notices:not_found');
  }
}

type ClockDeps = Pick<Deps, 'tenancy' | 'audit' | 'queues'>;

export interface ClockMove {
  from: Date;
  to: Date;
  /** Delayed jobs rescheduled to the moved clock. */
  jobs: number;
}

async function targetInstant(
  tx: Knex.Transaction,
  target: ClockTarget,
  current: Date,
  timeZone: string,
): Promise<Date> {
  switch (target.kind) {
    case 'by':
      return new Date(current.getTime() + target.ms);
    case 'at':
      return target.at;
    case 'wall-clock':
      return instantOfWallClock(target.text, timeZone);
    default: {
      const notice = await tx('notices')
        .where({ id: target.noticeId })
        .first<{ submission_deadline: Date; opening_at: Date } | undefined>('submission_deadline', 'opening_at');
      if (!notice) throw new ClockNoticeNotFoundError();
      return target.kind === 'opening'
        ? notice.opening_at
        : new Date(notice.submission_deadline.getTime() - BEFORE_DEADLINE_MS);
    }
  }
}

/** Moves `slug`'s clock to `target`, if it is a sandbox and the target is not in its past. */
export async function moveSandboxClock(
  deps: ClockDeps,
  audit: AuditContext,
  slug: string,
  target: ClockTarget,
): Promise<ClockMove> {
  const record = await deps.tenancy.registry.findNow(slug);
  if (!record) throw new NotFoundError();
  const tenant = deps.tenancy.handleFor(record);
  if (!tenant) throw new NotFoundError();
  // A sandbox is made from a template without its placement: it lives in the primary database,
  // beside the registry, so the move and its audit entry commit together.
  if (tenant.kind !== 'sandbox' || record.placement) throw new NotASandboxError();
  const move = await inTenant(tenant, async (tx) => {
    const from = await now(tx);
    const to = await targetInstant(tx, target, from, tenant.config.timeZone);
    if (to.getTime() < from.getTime()) throw new ClockBackwardError(to, from);
    const offsetMs = record.clockOffsetMs + (to.getTime() - from.getTime());
    const moved = await tx('tenants')
      .withSchema('platform')
      .where({ slug, kind: 'sandbox' })
      .andWhere('clock_offset_ms', '<=', offsetMs)
      .update({ clock_offset_ms: offsetMs, updated_at: tx.fn.now() });
    if (moved !== 1) throw new NotASandboxError();
    await deps.audit.record(tx, tenant, audit, {
      action: 'sandbox.clock-moved',
      summary: { from: from.toISOString(), to: to.toISOString(), target: target.kind },
      at: from,
    });
    return { from, to, offsetMs };
  });
  const jobs = await rescheduleTenantJobs(deps.queues, await currentSandbox(deps, slug));
  await deps.queues.queues.maintenance.add(
    'reschedule-sandbox-jobs',
    { tenant: slug },
    { ...DEFAULT_JOB_OPTIONS, jobId: jobId('reschedule', slug, move.offsetMs), delay: FOLLOW_UP_MS },
  );
  return { from: move.from, to: move.to, jobs };
}

/** The sandbox as the registry holds it now (its clock may just have moved), never a cached lookup. */
export async function currentSandbox(deps: Pick<Deps, 'tenancy'>, slug: string): Promise<TenantHandle> {
  const record = await deps.tenancy.registry.findNow(slug);
  const handle = record && deps.tenancy.handleFor(record);
  if (!handle || handle.kind !== 'sandbox') throw new NotFoundError();
  return handle;
}
