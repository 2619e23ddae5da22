/**
 * The evaluation committee of a notice. The agency's officer assigns users with the evaluator
 * role; before any bid content is shown to them, each evaluator declares that they have no
 * conflict of interest with the bidders named in the declaration (which keeps those names), or
 * declines, which takes them off the committee. Every step is audited.
 */
import type { Knex } from 'knex';
import { SeatBlockedError } from '../../conflicts/errors.js';
import type { SeatMatch } from '../../conflicts/matching.js';
import { blockSeat, companiesText, seatConflicts } from '../../conflicts/seat-check.js';
import type { Deps } from '../../deps.js';
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { NoticeRow } from '../notices/read.js';
import {
  AlreadyAssignedError,
  AlreadyDeclaredError,
  DeclarationMissingError,
  NotAnEvaluatorError,
  NoticeNotFoundError,
  NotOnCommitteeError,
  NotOpenedError,
} from './errors.js';

export interface EvaluatorRow {
  id: string;
  notice_id: string;
  user_id: string;
  status: 'assigned' | 'declared' | 'declined';
  /** The officer who seated the evaluator (told when a conflict of interest blocks the seat). */
  assigned_by: string;
}

/** A notice past planning; ids come validated from routes, or from records and job payloads. */
export async function noticeFor(tx: Knex.Transaction, id: string, lock = false): Promise<NoticeRow> {
  if (!isUuid(id)) throw new NoticeNotFoundError();
  const q = tx<NoticeRow>('notices').where({ id });
  const notice = await (lock ? q.forUpdate() : q).first();
  if (!notice || notice.status === 'planning') throw new NoticeNotFoundError();
  return notice;
}

/** The companies that bid (current bids): what an evaluator declares about. */
export async function bidderNames(tx: Knex.Transaction, noticeId: string): Promise<string[]> {
  const rows = await tx('bids as b')
    .join('suppliers as s', 's.id', 'b.supplier_id')
    .where({ 'b.notice_id': noticeId, 'b.status': 'current' })
    .orderBy('b.receipt_no')
    .select<{ legal_name: Record<string, string>; registration_no: string }[]>('s.legal_name', 's.registration_no');
  return rows.map((r) => `${Object.values(r.legal_name)[0] ?? ''} (${r.registration_no})`);
}

/** The caller's seat on the committee, which must be declared: refuses (403) otherwise. */
export async function declaredEvaluator(
  tx: Knex.Transaction,
  user: SessionUser | undefined,
  noticeId: string,
): Promise<EvaluatorRow> {
  assertCan(user, 'evaluation:take-part');
  const seat = await tx<EvaluatorRow>('evaluators').where({ notice_id: noticeId, user_id: user.id }).first();
  if (!seat || seat.status === 'declined') throw new NotOnCommitteeError();
  if (seat.status !== 'declared') throw new DeclarationMissingError();
  return seat;
}

/** The caller's seat, locked for a change of status; a declined seat counts as none. */
async function lockedSeat(tx: Knex.Transaction, user: SessionUser, noticeId: string): Promise<EvaluatorRow> {
  const seat = await tx<EvaluatorRow>('evaluators')
    .where({ notice_id: noticeId, user_id: user.id })
    .forUpdate()
    .first();
  if (!seat || seat.status === 'declined') throw new NotOnCommitteeError();
  return seat;
}

export function committeeService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    /** Seats a user with the evaluator role on the committee and tells them by e-mail. */
    async assign(actor: Actor, noticeId: string, { email }: { email: string }): Promise<string> {
      const { tenant, user: officer } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        assertCan(officer, 'notices:manage', notice.agency_id);
        const user = await tx('users')
          .whereRaw('lower(email) = lower(?)', [email])
          .where({ status: 'active' })
          .first<
            { id: string; roles: string[]; email: string; locale: string | null; display_name: string } | undefined
          >();
        if (!user || !user.roles.includes('evaluator')) throw new NotAnEvaluatorError();
        const [seat] = await tx('evaluators')
          .insert({ notice_id: notice.id, user_id: user.id, assigned_by: officer.id })
          .onConflict(['notice_id', 'user_id'])
          .ignore()
          .returning<{ id: string }[]>('id');
        if (!seat) throw new AlreadyAssignedError();
        await services.audit.record(tx, tenant, actor.audit, {
          action: 'evaluation.evaluator-assigned',
          target: { type: 'notice', id: notice.id },
          summary: { evaluator: user.id },
        });
        await services.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'evaluator_assigned',
          params: { name: user.display_name, notice: notice.notice_no ?? '' },
        });
        return seat.id;
      });
    },

    /**
     * Declares no conflict of interest with the bidders named now; nothing is shown before this.
     * A declared relation or the evaluator's own name matching a bidder (server/conflicts/)
     * blocks the seat instead: the block commits, then the declaration is refused.
     */
    async declare(actor: Actor, noticeId: string): Promise<void> {
      const { tenant, user } = actor;
      assertCan(user, 'evaluation:take-part');
      let blocked: SeatMatch[] = [];
      await inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const seat = await lockedSeat(tx, user, notice.id);
        if (seat.status === 'declared') return;
        if (!notice.opened_at) throw new NotOpenedError();
        blocked = await seatConflicts(tx, user, notice.id);
        if (blocked.length > 0) {
          await blockSeat(services, tx, tenant, actor.audit, {
            seatId: seat.id,
            member: user,
            notice: { id: notice.id, noticeNo: notice.notice_no, assignedBy: seat.assigned_by },
            matches: blocked,
          });
          return;
        }
        const bidders = await bidderNames(tx, notice.id);
        await tx('evaluators')
          .where({ id: seat.id })
          .update({
            status: 'declared',
            declaration: JSON.stringify({ noConflictWith: bidders }),
            declared_at: tx.raw('app_now()'),
          });
        await services.audit.record(tx, tenant, actor.audit, {
          action: 'evaluation.conflict-declared',
          target: { type: 'notice', id: notice.id },
          summary: { evaluator: user.id, bidders },
        });
      });
      if (blocked.length > 0) throw new SeatBlockedError(companiesText(blocked, actor.audit.locale));
    },

    /** Leaves the committee (a conflict of interest), with the reason; not after declaring. */
    async decline(actor: Actor, noticeId: string, { reason }: { reason: string }): Promise<void> {
      const { tenant, user } = actor;
      assertCan(user, 'evaluation:take-part');
      await inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const seat = await lockedSeat(tx, user, notice.id);
        if (seat.status === 'declared') throw new AlreadyDeclaredError();
        await tx('evaluators').where({ id: seat.id }).update({ status: 'declined', declined_reason: reason });
        await services.audit.record(tx, tenant, actor.audit, {
          action: 'evaluation.evaluator-declined',
          target: { type: 'notice', id: notice.id },
          summary: { evaluator: user.id, reason },
        });
      });
    },
  };
}
