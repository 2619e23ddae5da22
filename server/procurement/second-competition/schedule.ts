/**
 * The planning of `open-competition` jobs: one per second competition, added in the transaction
 * that starts it, and re-derived from the database for competitions still open. Apart from the
 * job's handler so that placing an order does not import the opening of quotes.
 */
import type { Knex } from 'knex';
import { jobId } from '../../jobs/catalog.js';
import type { JobEnqueuer, JobRequest } from '../../jobs/outbox.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

export function competitionOpeningJob(tenant: TenantHandle, competition: { id: string; closes_at: Date }): JobRequest {
  return {
    name: 'open-competition',
    jobId: jobId('compete', tenant.slug, competition.id),
    data: { competitionId: competition.id },
    runAt: competition.closes_at,
  };
}

/** Plans the opening of a competition's quotes, in the caller's transaction. */
export function scheduleCompetitionOpening(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  relay: JobEnqueuer,
  competition: { id: string; closes_at: Date },
): Promise<void> {
  return relay.enqueue(tx, tenant, competitionOpeningJob(tenant, competition));
}

/** Competitions still to open, from the database (a wiped queue loses none). */
export async function pendingCompetitionOpenings(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx('second_competitions')
    .where({ status: 'open' })
    .select<{ id: string; closes_at: Date }[]>('id', 'closes_at');
  return rows.map((c) => competitionOpeningJob(tenant, c));
}
