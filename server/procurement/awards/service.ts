/**
 * Award: the notice of award is published from the final evaluation result, with a standstill
 * period from the rules during which bidders may complain. A complaint is answered with reasons:
 * upheld, the award is withdrawn and the evaluation reopens in a new round; dismissed, the award
 * stands. The award becomes final after the standstill, and never while a complaint is open.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { AppError, NotFoundError } from '../../http/errors.js';
import { formatMoney } from '../../i18n/format.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { jobId } from '../../jobs/catalog.js';
import type { JobEnqueuer, JobRequest } from '../../jobs/outbox.js';
import { localDate } from '../../regulations/lookup.js';
import { standstillEnd } from '../../regulations/standstill.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { concernedUsers } from '../notices/read.js';
import { isUuid, noticeFor } from '../evaluation/committee.js';
import { latestResult } from '../evaluation/results.js';

export interface AwardRow {
  id: string;
  notice_id: string;
  bid_id: string;
  supplier_id: string;
  amount: string;
  status: 'standstill' | 'final' | 'withdrawn';
  published_at: Date;
  standstill_ends_at: Date;
  final_at: Date | null;
  applied_rules: string[];
}

export function finalizeJob(tenant: TenantHandle, award: { id: string; standstill_ends_at: Date }): JobRequest {
  return {
    name: 'award-finalize',
    jobId: jobId('award', tenant.slug, award.id),
    data: { awardId: award.id },
    runAt: award.standstill_ends_at,
  };
}

export async function pendingFinalizations(tx: Knex.Transaction, tenant: TenantHandle): Promise<JobRequest[]> {
  const rows = await tx<AwardRow>('awards').where({ status: 'standstill' }).select('id', 'standstill_ends_at');
  return rows.map((a) => finalizeJob(tenant, a));
}

async function liveAward(tx: Knex.Transaction, noticeId: string, lock = false): Promise<AwardRow | undefined> {
  const q = tx<AwardRow>('awards').where({ notice_id: noticeId }).whereNot({ status: 'withdrawn' });
  return lock ? q.forUpdate().first() : q.first();
}

export function awardsService(services: Pick<Deps, 'audit' | 'mailer'> & { relay: JobEnqueuer }) {
  return {
    async publish(tenant: TenantHandle, officer: SessionUser, context: AuditContext, noticeId: string) {
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId, true);
        assertCan(officer, 'notices:manage', notice.agency_id);
        const result = await latestResult(tx, notice.id);
        if (!result || result.status !== 'final' || !result.winner_bid_id)
          throw new AppError('no_final_result', 409, 'awards:no_final_result');
        if (await liveAward(tx, notice.id)) throw new AppError('already_awarded', 409, 'awards:already_awarded');
        const rows = (result.score_table.rows ?? []) as { bidId: string; price: number; supplierName: string }[];
        const winner = rows.find((r) => r.bidId === result.winner_bid_id)!;
        const bid = await tx('bids').where({ id: winner.bidId }).first<{ supplier_id: string }>('supplier_id');
        const at = await now(tx);
        const standstill = standstillEnd(tenant.config, at);
        const [award] = await tx('awards')
          .insert({
            notice_id: notice.id,
            evaluation_id: result.id,
            bid_id: winner.bidId,
            supplier_id: bid.supplier_id,
            amount: winner.price,
            published_at: at,
            standstill_ends_at: standstill.endsAt,
            applied_rules: [...result.applied_rules, standstill.rule],
          })
          .returning<AwardRow[]>('*');
        await tx('notices').where({ id: notice.id }).update({ status_details: 'award-standstill' });
        await services.audit.record(tx, tenant, context, {
          at,
          action: 'award.published',
          target: { type: 'notice', id: notice.id },
          summary: { award: award!.id, bid: winner.bidId, amount: winner.price, standstillEnds: standstill.endsAt },
        });
        const c = tenant.config;
        for (const person of await concernedUsers(tx, notice.id)) {
          await services.mailer.queue(tx, tenant, {
            to: person.email,
            locale: person.locale,
            template: 'award_published',
            params: {
              name: person.display_name,
              notice: notice.notice_no ?? '',
              winner: winner.supplierName,
              amount: formatMoney(winner.price, c.currency, c.locales.default, c.numberingSystem),
              until: localDate(standstill.endsAt, c.timeZone),
            },
          });
        }
        await services.relay.enqueue(tx, tenant, finalizeJob(tenant, award!));
        return award!;
      });
    },

    /** Makes the award final once the standstill is over and no complaint is open. */
    async finalize(tenant: TenantHandle, by: SessionUser | null, context: AuditContext, noticeId: string) {
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId, true);
        if (by) assertCan(by, 'notices:manage', notice.agency_id);
        const award = await liveAward(tx, notice.id, true);
        if (!award) throw new NotFoundError('award_not_found', 'awards:not_found');
        if (award.status === 'final') return award;
        const at = await now(tx);
        if (at < award.standstill_ends_at)
          throw new AppError('standstill_running', 409, 'awards:standstill_running', {
            until: award.standstill_ends_at.toISOString(),
          });
        if (await tx('complaints').where({ award_id: award.id, status: 'open' }).first())
          throw new AppError('complaint_open', 409, 'awards:complaint_open');
        const [final] = await tx<AwardRow>('awards')
          .where({ id: award.id })
          .update({ status: 'final', final_at: at })
          .returning('*');
        await tx('notices').where({ id: notice.id }).update({ status: 'complete', status_details: 'awarded' });
        await services.audit.record(tx, tenant, context, {
          at,
          action: 'award.final',
          target: { type: 'notice', id: notice.id },
          summary: { award: award.id },
        });
        return final!;
      });
    },

    async fileComplaint(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      noticeId: string,
      grounds: string,
    ) {
      assertCan(user, 'complaints:file');
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const award = await liveAward(tx, notice.id, true);
        if (!award || award.status !== 'standstill' || (await now(tx)) >= award.standstill_ends_at)
          throw new AppError('complaint_window_closed', 409, 'awards:complaint_window_closed');
        const bid = await tx('bids')
          .where({ notice_id: notice.id, supplier_id: user.supplierId })
          .first<{ id: string } | undefined>('id');
        if (!bid) throw new AppError('not_a_bidder', 403, 'awards:not_a_bidder');
        const [row] = await tx('complaints')
          .insert({
            award_id: award.id,
            notice_id: notice.id,
            supplier_id: user.supplierId,
            filed_by: user.id,
            grounds,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, context, {
          action: 'complaint.filed',
          target: { type: 'notice', id: notice.id },
          summary: { complaint: row!.id, award: award.id },
        });
        const officers = await tx('users')
          .where({ agency_id: notice.agency_id, status: 'active' })
          .whereRaw(`'officer' = any(roles)`)
          .select<{ email: string; locale: string | null; display_name: string }[]>('email', 'locale', 'display_name');
        for (const officer of officers) {
          await services.mailer.queue(tx, tenant, {
            to: officer.email,
            locale: officer.locale,
            template: 'complaint_filed',
            params: { name: officer.display_name, notice: notice.notice_no ?? '' },
          });
        }
        return row!.id;
      });
    },

    async answerComplaint(
      tenant: TenantHandle,
      officer: SessionUser,
      context: AuditContext,
      complaintId: string,
      input: { decision: 'upheld' | 'dismissed'; answer: string },
    ) {
      return inTenant(tenant, async (tx) => {
        const complaint = isUuid(complaintId)
          ? await tx('complaints')
              .where({ id: complaintId })
              .forUpdate()
              .first<
                { id: string; notice_id: string; award_id: string; status: string; filed_by: string } | undefined
              >()
          : undefined;
        if (!complaint) throw new NotFoundError('complaint_not_found', 'awards:complaint_not_found');
        const notice = await noticeFor(tx, complaint.notice_id, true);
        assertCan(officer, 'notices:manage', notice.agency_id);
        if (complaint.status !== 'open') throw new AppError('complaint_answered', 409, 'awards:complaint_answered');
        await tx('complaints')
          .where({ id: complaint.id })
          .update({
            status: input.decision,
            answer: input.answer,
            answered_by: officer.id,
            answered_at: tx.raw('app_now()'),
          });
        if (input.decision === 'upheld') {
          const award = await tx<AwardRow>('awards').where({ id: complaint.award_id }).first();
          await tx('awards').where({ id: complaint.award_id }).update({ status: 'withdrawn' });
          await tx('evaluation_results')
            .where({ id: tx('awards').select('evaluation_id').where({ id: complaint.award_id }) })
            .update({ status: 'reopened' });
          await tx('notices')
            .where({ id: notice.id })
            .update({ status: 'active', status_details: 'evaluation-reopened' });
          await services.audit.record(tx, tenant, context, {
            action: 'award.withdrawn',
            target: { type: 'notice', id: notice.id },
            summary: { award: award?.id, complaint: complaint.id },
          });
        }
        if (input.decision === 'dismissed') {
          // The award may become final now (or when the standstill ends): plan it again, under its own id.
          const award = await tx<AwardRow>('awards').where({ id: complaint.award_id }).first();
          if (award?.status === 'standstill')
            await services.relay.enqueue(tx, tenant, {
              ...finalizeJob(tenant, award),
              jobId: jobId('award', tenant.slug, award.id, complaint.id),
            });
        }
        await services.audit.record(tx, tenant, context, {
          action: `complaint.${input.decision}`,
          target: { type: 'notice', id: notice.id },
          summary: { complaint: complaint.id },
        });
        const filer = await tx('users')
          .where({ id: complaint.filed_by })
          .first<{ email: string; locale: string | null; display_name: string }>('email', 'locale', 'display_name');
        await services.mailer.queue(tx, tenant, {
          to: filer.email,
          locale: filer.locale,
          template: `complaint_${input.decision}`,
          params: { name: filer.display_name, notice: notice.notice_no ?? '', answer: input.answer },
        });
      });
    },
  };
}
