/**
 * What the officers' desk pages read: the agency's published plan entries (to draft a notice
 * from), the agency's notices, and a notice with its current documents (the addendum form).
 */
import type { Actor } from '../../identity/actor.js';
import { assertCan, can } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { noticeDocuments, type DocumentRow } from './documents.js';
import { NoticeNotFoundError } from './errors.js';

export interface DeskNotice {
  id: string;
  title: Record<string, string>;
  status: string;
  status_details: string;
  [column: string]: unknown;
}

/** The agency's published plan entries, newest first. */
export async function readDeskPlans(actor: Actor): Promise<{ id: string; title: Record<string, string> }[]> {
  assertCan(actor.user, 'notices:manage');
  const agencyId = actor.user.agencyId;
  return inTenant(actor.tenant, (tx) =>
    tx('plan_entries')
      .where({ agency_id: agencyId, status: 'published' })
      .orderBy('created_at', 'desc')
      .select<{ id: string; title: Record<string, string> }[]>('id', 'title'),
  );
}

/** The agency's notices, newest first (at most 200). */
export async function readDeskNotices(actor: Actor): Promise<DeskNotice[]> {
  assertCan(actor.user, 'notices:manage');
  const agencyId = actor.user.agencyId;
  return inTenant(actor.tenant, (tx) =>
    tx('notices').where({ agency_id: agencyId }).orderBy('created_at', 'desc').limit(200).select<DeskNotice[]>(),
  );
}

export interface AddendumFormNotice {
  agency_id: string;
  notice_no: string;
  title: Record<string, string>;
  submission_deadline: Date;
  opening_at: Date;
}

/** A published notice of the officer's agency and its current documents (those an addendum may replace). */
export async function readAddendumForm(
  actor: Actor,
  noticeId: string,
): Promise<{ notice: AddendumFormNotice; documents: DocumentRow[] }> {
  const data = await inTenant(actor.tenant, async (tx) => {
    const notice = await tx('notices')
      .where({ id: noticeId })
      .whereNot('status', 'planning')
      .first<AddendumFormNotice | undefined>();
    const documents = await noticeDocuments(tx, noticeId);
    return notice && { notice, documents: documents.filter((d) => !d.superseded_by) };
  });
  if (!data || !can(actor.user, 'notices:manage', data.notice.agency_id)) throw new NoticeNotFoundError();
  return data;
}
