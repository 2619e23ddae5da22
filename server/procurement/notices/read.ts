/**
 * A notice as the rest of procurement reads it: its row, how its number is built, and who is
 * concerned by a change to it. Kept apart from service.ts and amend.ts so that both, and the
 * opening, evaluation, bids and awards features, can share them without importing each other.
 */
import type { Knex } from 'knex';
import type { Language } from '../../i18n/languages.js';

export interface NoticeRow {
  id: string;
  notice_no: string | null;
  revision: number;
  plan_entry_id: string | null;
  agency_id: string;
  title: Partial<Record<Language, string>>;
  category: 'goods' | 'services' | 'works' | 'ict';
  competition: 'domestic' | 'international';
  method: string;
  evaluation_method: string;
  estimated_price: string;
  estimated_price_hidden: boolean;
  bid_security_percent: string;
  submission_deadline: Date;
  opening_at: Date;
  status: string;
  status_details: string;
  applied_rules: string[];
  published_at: Date | null;
  cancellation_reason: string | null;
  base_amount: string | null;
  lots: { no: number; title?: string }[];
  /** The tender's data key, wrapped by the tenant key (never usable from the database alone). */
  tender_key: string | null;
  /** Sealed reserve-price candidates (multiple reserve prices). */
  reserve_candidates: string | null;
  retender_of: string | null;
  attempt: number;
  opened_at: Date | null;
  technical_final_at: Date | null;
  technical_criteria: { key: string; title: string; max: number }[];
  /** The price/technical weights fixed at publication (negotiated tenders). */
  evaluation_weights: { technical: number; price: number } | null;
  /** The project period its ICT project review confirmed last (server/project-review/), if any. */
  project_start?: Date | string | null;
  project_end?: Date | string | null;
}

/** Structured numbers modelled on KONEPS: R + year + kind + serial + revision (R26BK00000001-000). */
const KIND = { goods: 'BK', services: 'BS', works: 'BW', ict: 'BI' } as const;
export function noticeNumber(year: number, category: keyof typeof KIND, serial: number, revision: number): string {
  return `R${String(year % 100).padStart(2, '0')}${KIND[category]}${String(serial).padStart(8, '0')}-${String(revision).padStart(3, '0')}`;
}

/** The people to tell: users with a current bid on the notice, and users who asked a question. */
export function concernedUsers(tx: Knex.Transaction, noticeId: string) {
  return tx('users')
    .where('status', 'active')
    .where((q) =>
      q
        .whereIn('id', tx('bids').select('submitted_by').where({ notice_id: noticeId, status: 'current' }))
        .orWhereIn('id', tx('notice_questions').select('asked_by').where({ notice_id: noticeId })),
    )
    .orderBy('email')
    .select<{ email: string; locale: string | null; display_name: string }[]>('email', 'locale', 'display_name');
}
