/**
 * The check of a committee seat against the companies taking part: the member's declared
 * relations and own name against each bidder's registration number and owners and directors
 * (matching.ts). A match blocks the seat: it is taken off the committee ('declined', with the
 * reason 'conflict-of-interest'), the match is kept for the officer's page, the officer who seated
 * the member is told by e-mail in their language, and the block is audited. All of it inside the
 * caller's transaction, which must commit before the caller refuses the declaration.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { AuditContext } from '../audit/trail.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { seatMatches, type Company, type SeatMatch } from './matching.js';
import { companiesWithPeople } from './people.js';
import { relationsOf } from './relations.js';

/** The reason a blocked seat keeps (a code: the page says it in words, from seat_conflicts). */
export const BLOCKED_REASON = 'conflict-of-interest';

/** The companies with a current bid on the notice, with their owners and directors. */
export async function biddingCompanies(tx: Knex.Transaction, noticeId: string): Promise<Company[]> {
  const rows = await tx('bids as b')
    .join('suppliers as s', 's.id', 'b.supplier_id')
    .where({ 'b.notice_id': noticeId, 'b.status': 'current' })
    .distinct('s.id', 's.legal_name', 's.registration_no')
    .select<{ id: string; legal_name: Record<string, string>; registration_no: string }[]>();
  return companiesWithPeople(tx, rows);
}

/** What matches a staff member's seat on this notice; empty when they may sit. */
export async function seatConflicts(
  tx: Knex.Transaction,
  member: { id: string; displayName: string },
  noticeId: string,
): Promise<SeatMatch[]> {
  const relations = await relationsOf(tx, member.id);
  return seatMatches({ displayName: member.displayName, relations }, await biddingCompanies(tx, noticeId));
}

/** A company as a message names it: its name in the reader's language (or the first), and its number. */
export function companyLabel(name: Record<string, string>, registrationNo: string, lng?: string | null): string {
  return `${(lng && name[lng]) || Object.values(name)[0] || ''} (${registrationNo})`;
}

/** The companies of the matches, each once, as one line. */
export function companiesText(matches: SeatMatch[], lng?: string | null): string {
  return [...new Map(matches.map((m) => [m.supplierId, companyLabel(m.name, m.registrationNo, lng)])).values()].join(
    '; ',
  );
}

interface BlockedSeat {
  seatId: string;
  member: { id: string; displayName: string };
  notice: { id: string; noticeNo: string | null; assignedBy: string };
  matches: SeatMatch[];
}

/** Blocks the seat, keeps the match, tells the officer who assigned it, and audits the block. */
export async function blockSeat(
  deps: Pick<Deps, 'audit' | 'mailer'>,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  audit: AuditContext,
  blocked: BlockedSeat,
): Promise<void> {
  const { seatId, member, notice, matches } = blocked;
  await tx('evaluators').where({ id: seatId }).update({ status: 'declined', declined_reason: BLOCKED_REASON });
  await tx('seat_conflicts')
    .insert({ evaluator_id: seatId, notice_id: notice.id, matches: JSON.stringify(matches) })
    .onConflict('evaluator_id')
    .merge();
  await deps.audit.record(tx, tenant, audit, {
    action: 'evaluation.seat-blocked',
    target: { type: 'notice', id: notice.id },
    summary: {
      evaluator: member.id,
      matches: matches.map((m) => ({
        supplier: m.supplierId,
        registrationNo: m.registrationNo,
        reason: m.reason,
        ...(m.relationKind ? { relationKind: m.relationKind } : {}),
        ...(m.person ? { person: m.person.fullName, role: m.person.role } : {}),
      })),
    },
  });
  await tellSeatingOfficer(
    deps,
    tx,
    tenant,
    { officerId: notice.assignedBy, template: 'conflicts:seat_blocked_mail' },
    (officer) => ({
      evaluator: member.displayName,
      notice: notice.noticeNo ?? '',
      companies: companiesText(matches, officer.locale),
    }),
  );
}

/**
 * The officer who seated a member whose seat is now blocked, told by e-mail in their language
 * (evaluation committees and ICT review committees alike). `params` reads the officer's language.
 */
export async function tellSeatingOfficer(
  deps: Pick<Deps, 'mailer'>,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  seat: { officerId: string; template: string },
  params: (officer: { locale: string | null }) => Record<string, unknown>,
): Promise<void> {
  const officer = await tx('users')
    .where({ id: seat.officerId })
    .first<{ email: string; locale: string | null; display_name: string } | undefined>(
      'email',
      'locale',
      'display_name',
    );
  if (!officer) return;
  await deps.mailer.queue(tx, tenant, {
    to: officer.email,
    locale: officer.locale,
    template: seat.template,
    params: { name: officer.display_name, ...params(officer) },
  });
}

/** The blocked seats of a notice, for its officers' page: who, with which companies, when. */
export async function blockedSeats(tx: Knex.Transaction, noticeId: string) {
  const rows = await tx('seat_conflicts as c')
    .join('evaluators as e', 'e.id', 'c.evaluator_id')
    .join('users as u', 'u.id', 'e.user_id')
    .where({ 'c.notice_id': noticeId })
    .orderBy('c.found_at')
    .select<{ display_name: string; matches: SeatMatch[]; found_at: Date }[]>(
      'u.display_name',
      'c.matches',
      'c.found_at',
    );
  return rows.map((r) => ({ evaluator: r.display_name, matches: r.matches, foundAt: r.found_at }));
}
