/**
 * One tenant's demo world under construction: its participants, its services, and the steps of
 * its history, each at its own moment. Steps are run in the order of their moments, whatever the
 * tender they belong to, so the audit trail reads forward in time as it would have been written.
 */
import { isAwaitingCheck } from '../approvals/mutual-checks.js';
import { approvalsService } from '../approvals/service.js';
import { tenantBasePath } from '../http/origin.js';
import { currencyDigits } from '../i18n/format.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Actor } from '../identity/actor.js';
import type { SessionUser } from '../identity/users.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { actorAt, type Cast, type WorldDeps } from './cast.js';
import type { TenderContent, TenderKey, WorldContent } from './content/types.js';
import type { ProcurementServices } from './services.js';
import type { Timeline } from './timeline.js';

export interface Step {
  at: Date;
  what: string;
  run(): Promise<void>;
}

export interface World {
  deps: WorldDeps;
  svc: ProcurementServices;
  tenant: TenantHandle;
  time: Timeline;
  cast: Cast;
  content: WorldContent;
  steps: Step[];
}

/** Adds a step to the world's history; one that would lie in the real future is a mistake in the tables. */
export function on(world: World, at: Date, what: string, run: () => Promise<void>): void {
  if (at >= world.time.realNow) throw new Error(`demo world: ${what} would happen in the future (${at.toISOString()})`);
  world.steps.push({ at, what, run });
}

/** Runs the steps in the order of their moments (ties in the order they were added). */
export async function runSteps(world: World): Promise<void> {
  const ordered = world.steps.map((step, i) => ({ step, i })).sort((a, b) => +a.step.at - +b.step.at || a.i - b.i);
  for (const { step } of ordered) {
    try {
      await step.run();
    } catch (error) {
      throw new Error(`demo world ${world.tenant.slug}: ${step.what} at ${step.at.toISOString()}: ${String(error)}`, {
        cause: error,
      });
    }
  }
}

export const as = (world: World, user: SessionUser | undefined, at: Date): Actor => actorAt(world.tenant, user, at);

/** How long the demo's second officer takes to check a request. */
const CHECK_DELAY_MS = 60_000;

/**
 * Where the tenant's rules sent an officer's action to a second officer (a mutual check), the
 * second officer of the request's agency approves it a minute later, through the same service as
 * the approvals page: the demo's history then holds both people, as a real one would.
 */
export async function settle(world: World, result: unknown, at: Date): Promise<void> {
  if (!isAwaitingCheck(result)) return;
  const agencyId = await inTenant(world.tenant, (tx) =>
    tx('approvals').where({ id: result.approvalId }).first<{ agency_id: string | null }>('agency_id'),
  ).then((row) => row?.agency_id ?? null);
  const checker = world.cast.checkers.find((c) => c.agencyId === agencyId);
  if (!checker) throw new Error(`demo world: no second officer in agency ${agencyId ?? '(none)'} to check a request`);
  const base = `${(world.deps.publicUrl ?? '').replace(/\/$/, '')}${tenantBasePath(world.tenant)}`;
  await approvalsService(world.deps).approve(
    as(world, checker, new Date(at.getTime() + CHECK_DELAY_MS)),
    result.approvalId,
    (path) => `${base}${path}`,
  );
}

/** A round amount in minor units: `fraction` of `minor`, to a thousand of the currency's major unit. */
export function roundedShare(world: World, minor: number, fraction: number): number {
  const unit = 10 ** currencyDigits(world.tenant.config.currency) * 1000;
  return Math.round((minor * fraction) / unit) * unit;
}

/** What a tender's steps share as they run: the ids the services answer. */
export interface TenderState {
  /** A tender of the world's list, or the mall's framework tender (mall.ts). */
  key: TenderKey | 'framework';
  content: TenderContent;
  officer: SessionUser;
  estimated: number;
  planId?: string;
  noticeId?: string;
  retenderId?: string;
  awardId?: string;
  amount?: number;
  winner?: SessionUser;
}
