/**
 * The alert jobs a publication or an addendum leaves in the outbox, in the same transaction: one
 * per event, its id derived from the event so a repeat collapses.
 */
import { jobId } from '../jobs/catalog.js';
import type { JobRequest } from '../jobs/outbox.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export function newNoticeAlerts(tenant: TenantHandle, noticeId: string): JobRequest {
  return { name: 'notice-alerts', jobId: jobId('alerts', tenant.slug, noticeId), data: { noticeId, addendumId: null } };
}

export function addendumAlerts(tenant: TenantHandle, noticeId: string, addendumId: string): JobRequest {
  return { name: 'notice-alerts', jobId: jobId('alerts', tenant.slug, addendumId), data: { noticeId, addendumId } };
}
