/** An award as stored, its finalization job, and the award that stands on a notice. */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { jobId } from '../../jobs/catalog.js';
import type { JobEnqueuer, JobRequest } from '../../jobs/outbox.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

export type AwardDeps = Pick<Deps, 'audit' | 'mailer'> & { relay: JobEnqueuer };

export interface AwardRow {
  id: string;
  notice_id: string;
  bid_id: string;
  supplier_id: string;
  amount: string;
  status: 'standstill' | 'final' | 'withdrawn';
  published_at: Date;
  standstill_ends_at: Date;
  final_at: Date | null;
  applied_rules: string[];
}

export function finalizeJob(tenant: TenantHandle, award: { id: string; standstill_ends_at: Date }): JobRequest {
  return {
    name: 'award-finalize',
    jobId: jobId('award', tenant.slug, award.id),
    data: { awardId: award.id },
    runAt: award.standstill_ends_at,
  };
}

export async function pendingFinalizations(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx<AwardRow>('awards').where({ status: 'standstill' }).select('id', 'standstill_ends_at');
  return rows.map((a) => finalizeJob(tenant, a));
}

export async function liveAward(tx: Knex.Transaction, noticeId: string, lock = false): Promise<AwardRow | undefined> {
  const q = tx<AwardRow>('awards').where({ notice_id: noticeId }).whereNot({ status: 'withdrawn' });
  return lock ? q.forUpdate().first() : q.first();
}
