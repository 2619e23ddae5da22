/** Progress against execution targets for the pages, each read in its own tenant transaction. */
import type { Actor } from '../identity/actor.js';
import { localDate } from '../regulations/lookup.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { readTargetProgress, type AgencyProgress } from './targets-read.js';

/** Every agency with a published plan for `year`, as of `asOf` (today in the tenant's zone when absent). */
export function readExecutionTargets(
  actor: Actor,
  query: { year: number; asOf?: string; agencyId?: string },
): Promise<{ rows: AgencyProgress[]; asOf: string }> {
  const { config } = actor.tenant;
  return inTenant(actor.tenant, async (tx) => {
    const asOf = query.asOf ?? localDate(await now(tx), config.timeZone);
    return { rows: await readTargetProgress(tx, config, { ...query, asOf }), asOf };
  });
}
