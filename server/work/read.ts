/**
 * What a signed-in user's work page holds: one section per role they have, read in one
 * transaction at one instant of the tenant's clock. Each section is a few queries, however much
 * data it covers.
 */
import type { Actor } from '../identity/actor.js';
import { assertCan, can } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { localDate } from '../regulations/lookup.js';
import { readTargetProgress, type AgencyProgress } from '../targets/targets-read.js';
import { officerWork, type OfficerWork } from './officer-read.js';
import { adminWork, auditorWork, evaluatorSeats, type AdminWork, type AuditorWork, type Seat } from './staff-read.js';
import { supplierWork, type SupplierWork } from './supplier-read.js';

export interface Work {
  now: Date;
  officer?: OfficerWork;
  evaluator?: { seats: Seat[] };
  supplier?: SupplierWork;
  auditor?: AuditorWork;
  admin?: AdminWork;
  /** The officer's agency against its execution targets for the year of `asOf`. */
  target?: { asOf: string; row?: AgencyProgress };
}

/** `targetsAsOf`: the day (YYYY-MM-DD) the officer's execution progress is read as of; today by default. */
export async function readWork(actor: Actor, options: { targetsAsOf?: string } = {}): Promise<Work> {
  const { user } = actor;
  assertCan(user, 'account:use');
  return inTenant(actor.tenant, async (tx) => {
    const work: Work = { now: await now(tx) };
    if (can(user, 'notices:manage')) work.officer = await officerWork(tx, user.agencyId!, work.now);
    if (work.officer) {
      const { config } = actor.tenant;
      const asOf = options.targetsAsOf ?? localDate(work.now, config.timeZone);
      const year = Number(asOf.slice(0, 4));
      const [row] = await readTargetProgress(tx, config, { year, asOf, agencyId: user.agencyId! });
      work.target = { asOf, row };
    }
    if (can(user, 'evaluation:take-part')) work.evaluator = { seats: await evaluatorSeats(tx, user.id) };
    if (can(user, 'supplier:read-own')) work.supplier = await supplierWork(tx, user.supplierId!, user.id);
    if (can(user, 'audit:read')) work.auditor = await auditorWork(tx);
    if (can(user, 'users:manage')) work.admin = await adminWork(tx);
    return work;
  });
}
