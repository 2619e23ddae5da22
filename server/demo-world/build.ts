/**
 * Builds one tenant's demo world through the services, on clocks standing at each moment of a
 * history that ends before the real time of the start, so that its open notice is still open and
 * its opened ones were opened in the past. Built once: the tenant's audit trail records that the
 * building began, and a tenant that has it is never built again (not even after a failure half-way,
 * which is logged: a second world beside a half one would be worse).
 */
import { performance } from 'node:perf_hooks';
import type { AuditContext } from '../audit/trail.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import {
  addAgency,
  approveSupplier,
  demoAccounts,
  DEMO_REQUEST_ID,
  registerSupplier,
  type Cast,
  type WorldDeps,
} from './cast.js';
import { worldContentFor } from './content/index.js';
import { TENDER_KEYS } from './content/types.js';
import { procurementServices } from './services.js';
import { mallSteps } from './mall.js';
import { tenderSteps } from './tenders.js';
import { Timeline } from './timeline.js';
import { runSteps, type World } from './world.js';

const SYSTEM: AuditContext = { actor: { type: 'system', id: null, label: 'system' }, requestId: DEMO_REQUEST_ID };

export type BuildOutcome = { built: true; ms: number; notices: number } | { built: false; reason: string };

/** Claims the building: false when this tenant's world was begun before (by this or another process). */
async function claim(deps: WorldDeps, tenant: TenantHandle): Promise<boolean> {
  return inTenant(tenant, async (tx) => {
    await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`${tenant.schema}:demo-world`]);
    if (await tx('audit_entries').where({ action: 'demo-world.started' }).first('seq')) return false;
    await deps.audit.record(tx, tenant, SYSTEM, { action: 'demo-world.started' });
    return true;
  });
}

/** The agencies, officers and suppliers, weeks before the first tender. */
async function gatherCast(
  deps: WorldDeps,
  world: Omit<World, 'cast' | 'steps'>,
  accounts: NonNullable<Awaited<ReturnType<typeof demoAccounts>>>,
): Promise<Cast> {
  const { tenant, time, content } = world;
  const officers = [accounts.officer];
  const checkers = [accounts.checker];
  for (const [i, agency] of content.agencies.entries()) {
    const added = await addAgency(deps, tenant, accounts.admin, agency, time.at(-80, `08:${10 + i * 10}`));
    officers.push(added.officer);
    if (added.checker) checkers.push(added.checker);
  }
  const suppliers = [accounts.supplier];
  for (const [i, company] of content.suppliers.entries()) {
    const { email } = await registerSupplier(deps, tenant, company, time.at(-76, `${9 + i}:00`));
    suppliers.push(await approveSupplier(deps, tenant, accounts.admin, email, time.at(-75, `${9 + i}:30`)));
  }
  return { admin: accounts.admin, officers, checkers, suppliers };
}

/**
 * The world is built on a clock moved through the past while the real one runs on: a job the
 * outbox sweep relays meanwhile would read the real time and act too soon (an opening before the
 * world's bids are in). The tenant's jobs wait while its world is built (deferred, never dropped),
 * and run after on the real clock, where an opening already done is done once.
 */
async function withJobsPaused<T>(tenancy: Tenancy, slug: string, work: () => Promise<T>): Promise<T> {
  const before = await tenancy.registry.findNow(slug);
  if (!before || before.jobsPaused) return work();
  await tenancy.registry.update(slug, { jobsPaused: true });
  try {
    return await work();
  } finally {
    await tenancy.registry.update(slug, { jobsPaused: false });
  }
}

/**
 * Builds the demo world of `tenant` (a demo tenant: it needs seed.ts's accounts) as of `realNow`.
 * Answers why not when the tenant's country has no world or its world was begun already.
 */
export function buildDemoWorld(
  deps: WorldDeps & { tenancy: Tenancy },
  tenant: TenantHandle,
  realNow: Date = new Date(),
): Promise<BuildOutcome> {
  return withJobsPaused(deps.tenancy, tenant.slug, () => build(deps, tenant, realNow));
}

async function build(deps: WorldDeps, tenant: TenantHandle, realNow: Date): Promise<BuildOutcome> {
  const started = performance.now();
  const content = worldContentFor(tenant.config.country);
  if (!content) return { built: false, reason: 'no demo world for this country' };
  const time = new Timeline(tenant.config, realNow);
  // The world is acted by the demo accounts: a tenant without them (DEMO_DATA=false) gets none.
  const accounts = await demoAccounts(tenant, time.at(-80, '08:00'));
  if (!accounts) return { built: false, reason: 'no demo accounts' };
  if (!(await claim(deps, tenant))) return { built: false, reason: 'already built' };
  const base = { deps, svc: procurementServices(deps), tenant, time, content };
  const world: World = { ...base, cast: await gatherCast(deps, base, accounts), steps: [] };
  TENDER_KEYS.forEach((key, i) => tenderSteps(world, key, i));
  mallSteps(world, TENDER_KEYS.length);
  await runSteps(world);
  const ms = Math.round(performance.now() - started);
  await inTenant(tenant, (tx) =>
    deps.audit.record(tx, tenant, SYSTEM, {
      action: 'demo-world.built',
      summary: { tenders: TENDER_KEYS.length, steps: world.steps.length, ms },
    }),
  );
  return { built: true, ms, notices: TENDER_KEYS.length };
}
