/**
 * The evaluation committee of a notice. The agency's officer assigns users with the evaluator
 * role; before any bid content is shown to them, each evaluator declares that they have no
 * conflict of interest with the bidders named in the declaration (which keeps those names), or
 * declines, which takes them off the committee. Every step is audited.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { NoticeRow } from '../notices/read.js';

export const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

export interface EvaluatorRow {
  id: string;
  notice_id: string;
  user_id: string;
  status: 'assigned' | 'declared' | 'declined';
}

export async function noticeFor(tx: Knex.Transaction, id: string, lock = false): Promise<NoticeRow> {
  const q = tx<NoticeRow>('notices').where({ id: isUuid(id) ? id : '00000000-0000-0000-0000-000000000000' });
  const notice = await (lock ? q.forUpdate() : q).first();
  if (!notice || notice.status === 'planning') throw new NotFoundError('notice_not_found', 'notices:not_found');
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
  user: SessionUser,
  noticeId: string,
): Promise<EvaluatorRow> {
  assertCan(user, 'evaluation:take-part');
  const seat = await tx<EvaluatorRow>('evaluators').where({ notice_id: noticeId, user_id: user.id }).first();
  if (!seat || seat.status === 'declined') throw new AppError('not_on_committee', 403, 'evaluation:not_on_committee');
  if (seat.status !== 'declared') throw new AppError('declaration_missing', 403, 'evaluation:declaration_missing');
  return seat;
}

/** The caller's seat, locked for a change of status; a declined seat counts as none. */
async function lockedSeat(tx: Knex.Transaction, user: SessionUser, noticeId: string): Promise<EvaluatorRow> {
  const seat = await tx<EvaluatorRow>('evaluators')
    .where({ notice_id: noticeId, user_id: user.id })
    .forUpdate()
    .first();
  if (!seat || seat.status === 'declined') throw new AppError('not_on_committee', 403, 'evaluation:not_on_committee');
  return seat;
}

export function committeeService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    async assign(tenant: TenantHandle, officer: SessionUser, context: AuditContext, noticeId: string, email: string) {
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        assertCan(officer, 'notices:manage', notice.agency_id);
        const user = await tx('users')
          .whereRaw('lower(email) = lower(?)', [email])
          .where({ status: 'active' })
          .first<
            { id: string; roles: string[]; email: string; locale: string | null; display_name: string } | undefined
          >();
        if (!user || !user.roles.includes('evaluator'))
          throw new ValidationError([{ field: 'email', key: 'evaluation:not_an_evaluator' }]);
        const [seat] = await tx('evaluators')
          .insert({ notice_id: notice.id, user_id: user.id, assigned_by: officer.id })
          .onConflict(['notice_id', 'user_id'])
          .ignore()
          .returning<{ id: string }[]>('id');
        if (!seat) throw new ValidationError([{ field: 'email', key: 'evaluation:already_assigned' }]);
        await services.audit.record(tx, tenant, context, {
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

    /** Declares no conflict of interest with the bidders named now; nothing is shown before this. */
    async declare(tenant: TenantHandle, user: SessionUser, context: AuditContext, noticeId: string) {
      assertCan(user, 'evaluation:take-part');
      await inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const seat = await lockedSeat(tx, user, notice.id);
        if (seat.status === 'declared') return;
        if (!notice.opened_at) throw new AppError('not_opened', 409, 'evaluation:not_opened');
        const bidders = await bidderNames(tx, notice.id);
        await tx('evaluators')
          .where({ id: seat.id })
          .update({
            status: 'declared',
            declaration: JSON.stringify({ noConflictWith: bidders }),
            declared_at: tx.raw('app_now()'),
          });
        await services.audit.record(tx, tenant, context, {
          action: 'evaluation.conflict-declared',
          target: { type: 'notice', id: notice.id },
          summary: { evaluator: user.id, bidders },
        });
      });
    },

    async decline(tenant: TenantHandle, user: SessionUser, context: AuditContext, noticeId: string, reason: string) {
      assertCan(user, 'evaluation:take-part');
      await inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const seat = await lockedSeat(tx, user, notice.id);
        if (seat.status === 'declared') throw new AppError('already_declared', 409, 'evaluation:already_declared');
        await tx('evaluators').where({ id: seat.id }).update({ status: 'declined', declined_reason: reason });
        await services.audit.record(tx, tenant, context, {
          action: 'evaluation.evaluator-declined',
          target: { type: 'notice', id: notice.id },
          summary: { evaluator: user.id, reason },
        });
      });
    },
  };
}
