/**
 * Everything the public page of a notice reads, in one statement: the notice with its agency and
 * contact person, its documents, addenda and questions, the opening record and a direct-contract
 * decision, whether an award exists, and the tenant's time. One round trip inside one bound
 * transaction, whatever the notice holds (no statement per document, addendum or question).
 * Sealed bids are never read here: prices reach the page only through the opening record, which
 * exists once the tender is opened.
 */
import type { Actor } from '../../identity/actor.js';
import { isUuid } from '../../http/params.js';
import pg from 'pg';
import { readInTenant } from '../../tenancy/tenant-context.js';
import type { OpeningRecord } from '../opening/record.js';
import type { OpeningState } from '../opening/read.js';
import type { AddendumRow } from './addenda.js';
import type { DocumentRow } from './documents.js';
import { NoticeNotFoundError } from './errors.js';
import type { PublicQuestion } from './questions.js';
import type { NoticeRow } from './read.js';

export interface NoticePageData {
  notice: NoticeRow;
  agencyName: Record<string, string>;
  /** The officer who drew up the notice: the bidders' contact person. */
  contact: { name: string; email: string } | null;
  documents: DocumentRow[];
  addenda: AddendumRow[];
  questions: PublicQuestion[];
  opening: OpeningState;
  /** Whether an award has been published (its details are read only then). */
  awarded: boolean;
  /** Bids may still be submitted and the notice amended. */
  open: boolean;
  /** A round of its ICT project review waits for the committee (server/project-review/). */
  reviewPending: boolean;
}

interface PageRow extends NoticeRow {
  app_now: Date;
  agency_name: Record<string, string>;
  contact_name: string | null;
  contact_email: string | null;
  documents: (Omit<DocumentRow, 'uploaded_at'> & { uploaded_at: string })[];
  addenda: (Omit<AddendumRow, 'issued_at'> & { issued_at: string })[];
  questions: { id: string; question: string; answer: string | null; asked_at: string; answered_at: string | null }[];
  opening_record: OpeningRecord | null;
  direct_decision: OpeningState['decision'] | null;
  awarded: boolean;
  review_pending: boolean;
}

// The notice's id goes in as a literal: the read travels with the tenant's binding in one message.
const pageSql = (noticeId: string) => `
  select n.*, app_now() as app_now, a.name as agency_name,
    u.display_name as contact_name, u.email as contact_email,
    coalesce((select json_agg(d order by d.uploaded_at, d.file_name) from (
      select id, notice_id, addendum_id, file_name, content_type, size, sha256, uploaded_at, superseded_by
      from notice_documents where notice_id = n.id) d), '[]') as documents,
    coalesce((select json_agg(x order by x.number) from (
      select id, number, revision, summary, changes, extended_by_rule, applied_rules, outage_id, issued_at
      from notice_addenda where notice_id = n.id) x), '[]') as addenda,
    coalesce((select json_agg(q order by q.asked_at) from (
      select id, question, answer, asked_at, answered_at
      from notice_questions where notice_id = n.id) q), '[]') as questions,
    (select record from tender_openings where notice_id = n.id) as opening_record,
    (select row_to_json(dd) from (
      select reason, justification, applied_rules
      from direct_contract_decisions where notice_id = n.id limit 1) dd) as direct_decision,
    exists (select 1 from awards where notice_id = n.id) as awarded,
    exists (select 1 from project_reviews where notice_id = n.id and status = 'submitted') as review_pending
  from notices n
  join agencies a on a.id = n.agency_id
  left join users u on u.id = n.created_by
  where n.id = ${pg.escapeLiteral(noticeId)} and n.status <> 'planning'`;

/** A published notice's page data (drafts are not found). */
export async function readNoticePage(actor: Actor, noticeId: string): Promise<NoticePageData> {
  if (!isUuid(noticeId)) throw new NoticeNotFoundError();
  const [row] = await readInTenant<PageRow>(actor.tenant, pageSql(noticeId));
  if (!row) throw new NoticeNotFoundError();
  const {
    app_now: at,
    agency_name,
    contact_name,
    contact_email,
    documents,
    addenda,
    questions,
    opening_record,
    direct_decision,
    awarded,
    review_pending,
    ...notice
  } = row;
  return {
    notice,
    agencyName: agency_name,
    contact: contact_name && contact_email ? { name: contact_name, email: contact_email } : null,
    documents: documents.map((d) => ({ ...d, uploaded_at: new Date(d.uploaded_at) })),
    addenda: addenda.map((a) => ({ ...a, issued_at: new Date(a.issued_at) })),
    questions: questions.map((q) => ({
      id: q.id,
      question: q.question,
      answer: q.answer,
      askedAt: new Date(q.asked_at),
      answeredAt: q.answered_at ? new Date(q.answered_at) : null,
    })),
    opening: { record: opening_record ?? undefined, at, decision: direct_decision ?? undefined },
    awarded,
    open: notice.status === 'active' && !notice.opened_at && notice.submission_deadline > at,
    reviewPending: review_pending,
  };
}
