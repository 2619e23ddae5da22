/**
 * Read models of briefings: the public list (of a notice, of a plan entry, or the upcoming ones)
 * and one briefing's page with its answered questions (never the asker), its attendance list once
 * recorded after the briefing, the reader's own registration, and for the officers of its agency
 * the registered companies.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { assertCan, can } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { BriefingNotFoundError } from './errors.js';
import type { BriefingRow } from './service.js';

export type ListedBriefing = BriefingRow & { registered: number };

export interface BriefingSubject {
  kind: 'notice' | 'plan';
  id: string;
  title: Record<string, string>;
  noticeNo: string | null;
  category: string;
}

export interface BriefingQuestionRow {
  id: string;
  question: string;
  answer: string | null;
  asked_at: Date;
  answered_at: Date | null;
}

export interface Company {
  supplierId: string;
  name: Record<string, string>;
  registrationNo: string;
  attended: boolean;
}

export interface BriefingPage {
  briefing: ListedBriefing;
  subject: BriefingSubject;
  at: Date;
  questions: BriefingQuestionRow[];
  /** The companies that attended: public once recorded after the briefing. */
  attendance: Company[] | null;
  /** Every registered company, for the officers of the briefing's agency only. */
  registrations: Company[] | null;
  mine: { registered: boolean; attended: boolean } | null;
}

const COLUMNS = [
  'b.id',
  'b.notice_id',
  'b.plan_entry_id',
  'b.agency_id',
  'b.title',
  'b.starts_at',
  'b.join_url',
  'b.place',
  'b.registration_deadline',
  'b.mandatory_rule',
  'b.status',
  'b.cancel_reason',
  'b.attendance_recorded_at',
];

function briefingsQuery(tx: Knex.Transaction) {
  return tx('briefings as b').select<ListedBriefing[]>(
    ...COLUMNS,
    tx.raw('(select count(*)::int from briefing_registrations r where r.briefing_id = b.id) as registered'),
  );
}

/** Briefings of a notice or a plan entry (all of them), or those still to come and the last month's. */
export async function listBriefings(
  actor: Actor,
  filter: { notice?: string; plan?: string },
): Promise<ListedBriefing[]> {
  return inTenant(actor.tenant, async (tx): Promise<ListedBriefing[]> => {
    const q = briefingsQuery(tx).orderBy('b.starts_at');
    if (filter.notice) q.where('b.notice_id', filter.notice);
    else if (filter.plan) q.where('b.plan_entry_id', filter.plan);
    else q.where('b.starts_at', '>=', tx.raw(`app_now() - interval '30 days'`)).limit(200);
    return q;
  });
}

/** The notice or plan entry a briefing is (or will be) about, published; undefined otherwise. */
export async function subjectRead(
  tx: Knex.Transaction,
  ref: { notice?: string | null; plan?: string | null },
): Promise<(BriefingSubject & { agencyId: string; status: string }) | undefined> {
  if (ref.notice) {
    const n = await tx('notices').where({ id: ref.notice }).whereNot('status', 'planning').first<
      | {
          id: string;
          title: Record<string, string>;
          notice_no: string | null;
          category: string;
          agency_id: string;
          status: string;
        }
      | undefined
    >('id', 'title', 'notice_no', 'category', 'agency_id', 'status');
    return (
      n && {
        kind: 'notice',
        id: n.id,
        title: n.title,
        noticeNo: n.notice_no,
        category: n.category,
        agencyId: n.agency_id,
        status: n.status,
      }
    );
  }
  if (ref.plan) {
    const p = await tx('plan_entries')
      .where({ id: ref.plan, status: 'published' })
      .first<
        { id: string; title: Record<string, string>; category: string; agency_id: string; status: string } | undefined
      >('id', 'title', 'category', 'agency_id', 'status');
    return (
      p && {
        kind: 'plan',
        id: p.id,
        title: p.title,
        noticeNo: null,
        category: p.category,
        agencyId: p.agency_id,
        status: p.status,
      }
    );
  }
  return undefined;
}

/** The subject of the scheduling form, when it is published and the officer's agency's. */
export async function readScheduleSubject(actor: Actor, ref: { notice?: string; plan?: string }) {
  return inTenant(actor.tenant, async (tx) => {
    const subject = await subjectRead(tx, ref);
    return subject && can(actor.user, 'notices:manage', subject.agencyId) ? subject : undefined;
  });
}

async function companies(tx: Knex.Transaction, briefingId: string, attendedOnly: boolean): Promise<Company[]> {
  const q = tx('briefing_registrations as r')
    .join('suppliers as s', 's.id', 'r.supplier_id')
    .where('r.briefing_id', briefingId)
    .orderBy('s.registration_no')
    .select<{ supplier_id: string; legal_name: Record<string, string>; registration_no: string; attended: boolean }[]>(
      'r.supplier_id',
      's.legal_name',
      's.registration_no',
      'r.attended',
    );
  if (attendedOnly) q.where('r.attended', true);
  return (await q).map((r) => ({
    supplierId: r.supplier_id,
    name: r.legal_name,
    registrationNo: r.registration_no,
    attended: r.attended,
  }));
}

export async function readBriefingPage(actor: Actor, id: string): Promise<BriefingPage> {
  return inTenant(actor.tenant, async (tx) => {
    const [briefing] = await briefingsQuery(tx).where('b.id', id);
    if (!briefing) throw new BriefingNotFoundError();
    const subject = await subjectRead(tx, { notice: briefing.notice_id, plan: briefing.plan_entry_id });
    if (!subject) throw new BriefingNotFoundError();
    const at = await now(tx);
    const questions = await tx('briefing_questions')
      .where({ briefing_id: id })
      .orderBy('asked_at')
      .select<BriefingQuestionRow[]>('id', 'question', 'answer', 'asked_at', 'answered_at');
    const officer = can(actor.user, 'notices:manage', briefing.agency_id);
    const held = briefing.attendance_recorded_at !== null && at >= briefing.starts_at;
    const supplierId = can(actor.user, 'supplier:read-own') ? actor.user!.supplierId : null;
    const own = supplierId
      ? await tx('briefing_registrations')
          .where({ briefing_id: id, supplier_id: supplierId })
          .first<{ attended: boolean } | undefined>('attended')
      : undefined;
    return {
      briefing,
      subject,
      at,
      // The public sees answered questions only; the officers see every question, to answer it.
      questions: officer ? questions : questions.filter((q) => q.answer !== null),
      attendance: held ? await companies(tx, id, true) : null,
      registrations: officer ? await companies(tx, id, false) : null,
      mine: supplierId ? { registered: !!own, attended: !!own?.attended } : null,
    };
  });
}

/** The registered companies with their attendance, for the officers of the briefing's agency. */
export async function readRegistrations(actor: Actor, id: string): Promise<Company[]> {
  return inTenant(actor.tenant, async (tx) => {
    const b = await tx('briefings').where({ id }).first<{ agency_id: string } | undefined>('agency_id');
    if (!b) throw new BriefingNotFoundError();
    assertCan(actor.user, 'notices:manage', b.agency_id);
    return companies(tx, id, false);
  });
}
