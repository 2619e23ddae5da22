/**
 * The `integrity-flags` job an opening or an award leaves in the outbox, in its own transaction.
 * The id names the event (`integrity-korea-<notice>-opened`, `…-<award>`), not only the notice:
 * a completed job's id is kept a day, so an id per notice would swallow the award's recompute
 * after the opening's.
 */
import { jobId } from '../jobs/catalog.js';
import type { JobRequest } from '../jobs/outbox.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export function integrityFlagsRequest(tenant: TenantHandle, noticeId: string, event: string): JobRequest {
  return { name: 'integrity-flags', jobId: jobId('integrity', tenant.slug, noticeId, event), data: { noticeId } };
}
