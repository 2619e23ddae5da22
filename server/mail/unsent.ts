/**
 * Mail written but never delivered, as overdue work (jobs/timed.ts): a delivery job lost from the
 * queue (a Redis failover loses the last writes) is handed to it again, and the message goes out
 * once, since delivery itself is idempotent (delivery.ts).
 */
import type { Knex } from 'knex';
import { DEFAULT_JOB_OPTIONS } from '../jobs/catalog.js';
import type { JobRequest } from '../jobs/outbox.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { mailJob } from './outbox.js';

/** Older unsent mail is an operator's matter (its job failed for good, or the tenant was paused). */
const LOOK_BACK = '2 days';
/** A bound on one pass: a mail server down for hours leaves many, all with their jobs retrying. */
const AT_MOST = 1000;

/** Unsent e-mail with attempts left, newest first; each is due since it was written. */
export async function unsentMail(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx('outbound_emails')
    .whereNull('sent_at')
    .where('attempts', '<', DEFAULT_JOB_OPTIONS.attempts ?? 1)
    .where('created_at', '>', tx.raw(`app_now() - interval '${LOOK_BACK}'`))
    .orderBy('created_at', 'desc')
    .limit(AT_MOST)
    .select<{ id: string; created_at: Date }[]>('id', 'created_at');
  return rows.map((r) => mailJob(tenant, r.id, r.created_at));
}
