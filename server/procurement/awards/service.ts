/**
 * Award: the notice of award is published from the final evaluation result, with a standstill
 * period from the rules during which bidders may complain. A complaint is answered with reasons:
 * upheld, the award is withdrawn and the evaluation reopens in a new round; dismissed, the award
 * stands. The award becomes final after the standstill, and never while a complaint is open.
 */
import type { Knex } from 'knex';
import type { RequestDeps } from '../../approvals/approval.js';
import { assertNothingPending, sendForCheck, type AwaitingCheck } from '../../approvals/mutual-checks.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { integrityFlagsRequest } from '../../integrity/flags-request.js';
import { jobId } from '../../jobs/catalog.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';
import { noticeFor } from '../evaluation/committee.js';
import { concludeFramework } from '../frameworks/conclusion.js';
import { awardKind, type AwardFacts } from './check-kinds.js';
import { awardableWinner, publishAwardNow } from './effects.js';
import {
  AwardNotFoundError,
  ComplaintAnsweredError,
  ComplaintNotFoundError,
  ComplaintOpenError,
  ComplaintWindowClosedError,
  NotABidderError,
  StandstillRunningError,
} from './errors.js';
import { tellComplainant, tellOfficers } from './notify.js';
import { finalizeJob, liveAward, type AwardDeps, type AwardRow } from './records.js';

export { finalizeJob, pendingFinalizations, type AwardRow } from './records.js';

interface ComplaintRecord {
  id: string;
  notice_id: string;
  award_id: string;
  status: string;
  filed_by: string;
}

/** Upheld: the award is withdrawn and the evaluation reopens in a new round. */
async function withdrawAward(
  tx: Knex.Transaction,
  deps: AwardDeps,
  step: { actor: Actor; notice: NoticeRow; complaint: ComplaintRecord },
): Promise<void> {
  const { actor, notice, complaint } = step;
  const award = await tx<AwardRow>('awards').where({ id: complaint.award_id }).first();
  await tx('awards').where({ id: complaint.award_id }).update({ status: 'withdrawn' });
  await tx('evaluation_results')
    .where({ id: tx('awards').select('evaluation_id').where({ id: complaint.award_id }) })
    .update({ status: 'reopened' });
  await tx('notices').where({ id: notice.id }).update({ status: 'active', status_details: 'evaluation-reopened' });
  await deps.audit.record(tx, actor.tenant, actor.audit, {
    action: 'award.withdrawn',
    target: { type: 'notice', id: notice.id },
    summary: { award: award?.id, complaint: complaint.id },
  });
}

/** Dismissed: the award may become final now (or when the standstill ends): plan it again, under its own id. */
async function planFinalizationAgain(
  tx: Knex.Transaction,
  deps: AwardDeps,
  step: { tenant: TenantHandle; complaint: ComplaintRecord },
): Promise<void> {
  const { tenant, complaint } = step;
  const award = await tx<AwardRow>('awards').where({ id: complaint.award_id }).first();
  if (award?.status === 'standstill')
    await deps.relay.enqueue(tx, tenant, {
      ...finalizeJob(tenant, award),
      jobId: jobId('award', tenant.slug, award.id, complaint.id),
    });
}

/** What the finalization job finds: nothing to do, a wait, an open complaint, or a notice to finalize. */
export type FinalizationState =
  'nothing-to-do' | 'complaint-open' | { notBefore: number; noticeId: string } | { notBefore: null; noticeId: string };

export function awardsService(deps: AwardDeps & RequestDeps) {
  return {
    /**
     * Publishes the notice of award from the final evaluation (the standstill starts), or, where
     * the tenant's rules ask for a mutual check, sends it to a second officer of the agency.
     */
    async publish(actor: Actor, noticeId: string): Promise<AwardRow | AwaitingCheck> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId, true);
        assertCan(actor.user, 'notices:manage', notice.agency_id);
        await assertNothingPending(tx, { targetType: 'notice', targetId: notice.id });
        const { result, winner, supplierId } = await awardableWinner(tx, notice);
        const supplier = await tx('suppliers')
          .where({ id: supplierId })
          .first<{ legal_name: Record<string, string>; registration_no: string }>('legal_name', 'registration_no');
        const check = await sendForCheck(tx, deps, actor, {
          action: 'award',
          kind: awardKind,
          targetType: 'notice',
          targetId: notice.id,
          agencyId: notice.agency_id,
          summary: {
            noticeNo: notice.notice_no,
            title: notice.title,
            evaluationId: result.id,
            bidId: winner.bidId,
            supplier: { legalName: supplier.legal_name, registrationNo: supplier.registration_no },
            amount: winner.price,
          } satisfies AwardFacts,
          at: await now(tx),
        });
        return check ?? publishAwardNow(tx, deps, actor, notice);
      });
    },

    /**
     * Makes the award final once the standstill is over and no complaint is open. The system (the
     * finalization job) may; a person must manage the notice.
     */
    async finalize(actor: Actor, noticeId: string) {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId, true);
        if (actor.user || actor.audit.actor.type !== 'system')
          assertCan(actor.user, 'notices:manage', notice.agency_id);
        const award = await liveAward(tx, notice.id, true);
        if (!award) throw new AwardNotFoundError();
        if (award.status === 'final') return award;
        const at = await now(tx);
        if (at < award.standstill_ends_at) throw new StandstillRunningError(award.standstill_ends_at);
        if (await tx('complaints').where({ award_id: award.id, status: 'open' }).first())
          throw new ComplaintOpenError();
        const [final] = await tx<AwardRow>('awards')
          .where({ id: award.id })
          .update({ status: 'final', final_at: at })
          .returning('*');
        await tx('notices').where({ id: notice.id }).update({ status: 'complete', status_details: 'awarded' });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          at,
          action: 'award.final',
          target: { type: 'notice', id: notice.id },
          summary: { award: award.id },
        });
        await deps.relay.enqueue(tx, actor.tenant, integrityFlagsRequest(actor.tenant, notice.id, `${award.id}-final`));
        // A framework notice's agreement is concluded with the final award (nothing for other notices).
        await concludeFramework(tx, deps, actor, notice.id, at);
        return final!;
      });
    },

    /** Where an award stands for its finalization job (which re-reads it each time it runs). */
    async finalizationState(actor: Actor, awardId: string): Promise<FinalizationState> {
      return inTenant(actor.tenant, async (tx) => {
        const award = await tx<AwardRow>('awards').where({ id: awardId }).first();
        if (!award || award.status !== 'standstill') return 'nothing-to-do';
        if ((await now(tx)) < award.standstill_ends_at)
          return { notBefore: award.standstill_ends_at.getTime(), noticeId: award.notice_id };
        if (await tx('complaints').where({ award_id: award.id, status: 'open' }).first()) return 'complaint-open';
        return { notBefore: null, noticeId: award.notice_id };
      });
    },

    /** A bidder complains during the standstill; the agency's officers are told. */
    async fileComplaint(actor: Actor, noticeId: string, { grounds }: { grounds: string }): Promise<string> {
      const { tenant, user } = actor;
      assertCan(user, 'complaints:file');
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const award = await liveAward(tx, notice.id, true);
        if (!award || award.status !== 'standstill' || (await now(tx)) >= award.standstill_ends_at)
          throw new ComplaintWindowClosedError();
        const bid = await tx('bids')
          .where({ notice_id: notice.id, supplier_id: user.supplierId })
          .first<{ id: string } | undefined>('id');
        if (!bid) throw new NotABidderError();
        const [row] = await tx('complaints')
          .insert({
            award_id: award.id,
            notice_id: notice.id,
            supplier_id: user.supplierId,
            filed_by: user.id,
            grounds,
          })
          .returning<{ id: string }[]>('id');
        await deps.audit.record(tx, tenant, actor.audit, {
          action: 'complaint.filed',
          target: { type: 'notice', id: notice.id },
          summary: { complaint: row!.id, award: award.id },
        });
        await tellOfficers(tx, deps, { tenant, notice });
        return row!.id;
      });
    },

    /** Answers a complaint with reasons: upheld reopens the evaluation, dismissed keeps the award. */
    async answerComplaint(
      actor: Actor,
      complaintId: string,
      input: { decision: 'upheld' | 'dismissed'; answer: string },
    ): Promise<void> {
      const { tenant, user: officer } = actor;
      await inTenant(tenant, async (tx) => {
        const complaint = await tx('complaints')
          .where({ id: complaintId })
          .forUpdate()
          .first<ComplaintRecord | undefined>();
        if (!complaint) throw new ComplaintNotFoundError();
        const notice = await noticeFor(tx, complaint.notice_id, true);
        assertCan(officer, 'notices:manage', notice.agency_id);
        if (complaint.status !== 'open') throw new ComplaintAnsweredError();
        await tx('complaints')
          .where({ id: complaint.id })
          .update({
            status: input.decision,
            answer: input.answer,
            answered_by: officer.id,
            answered_at: tx.raw('app_now()'),
          });
        if (input.decision === 'upheld') await withdrawAward(tx, deps, { actor, notice, complaint });
        if (input.decision === 'dismissed') await planFinalizationAgain(tx, deps, { tenant, complaint });
        await deps.audit.record(tx, tenant, actor.audit, {
          action: `complaint.${input.decision}`,
          target: { type: 'notice', id: notice.id },
          summary: { complaint: complaint.id },
        });
        await tellComplainant(tx, deps, { tenant, notice, filedBy: complaint.filed_by, ...input });
      });
    },
  };
}
