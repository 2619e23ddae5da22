/**
 * Rounds of an ICT project review (the tenant's `project-review` rule, read in
 * server/regulations/project-review.ts): the officer of the notice's agency submits the project's
 * requirements, scope and proposed period on a draft, or a change of the confirmed requirements
 * on a published notice; a committee member who declared no conflict of interest (committee.ts)
 * confirms or adjusts them with reasons. The period decided is the notice's project period from
 * then on; a change takes effect only when decided. Every step is audited in its transaction.
 */
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { projectReviewRule } from '../regulations/project-review.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import {
  NotOnReviewCommitteeError,
  ReviewDeclarationMissingError,
  ReviewNotRequiredError,
  ReviewStateError,
} from './errors.js';
import { CLOSED_STATUSES, isDecided, noticeUnderReview, pendingRound, roundsOf, type MemberRow } from './records.js';
import type { DecisionInput, SubmitInput } from './schema.js';

export function reviewRoundsService(services: Pick<Deps, 'audit'>) {
  return {
    /** Opens a round: the first on a draft, a change round once a round was decided. */
    async submit(actor: Actor, noticeId: string, input: SubmitInput): Promise<string> {
      const { tenant, user } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeUnderReview(tx, noticeId, true);
        assertCan(user, 'notices:manage', notice.agency_id);
        const rule = projectReviewRule(tenant.config, notice.category, await now(tx));
        if (!rule) throw new ReviewNotRequiredError();
        const rounds = await roundsOf(tx, notice.id);
        if (rounds.at(-1)?.status === 'submitted') throw new ReviewStateError('review:round_pending');
        if (CLOSED_STATUSES.includes(notice.status)) throw new ReviewStateError('review:notice_closed');
        // A published notice changes its requirements only against what a committee confirmed.
        if (notice.status !== 'planning' && !rounds.some(isDecided))
          throw new ReviewStateError('review:no_confirmed_review');
        const kind = rounds.length === 0 ? 'initial' : 'change';
        const [row] = await tx('project_reviews')
          .insert({
            notice_id: notice.id,
            round: rounds.length + 1,
            kind,
            rule,
            requirements: input.requirements,
            scope: input.scope,
            proposed_start: input.proposedStart,
            proposed_end: input.proposedEnd,
            submitted_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, actor.audit, {
          action: kind === 'initial' ? 'review.submitted' : 'review.change-submitted',
          target: { type: 'notice', id: notice.id },
          summary: {
            round: rounds.length + 1,
            rule,
            proposedStart: input.proposedStart,
            proposedEnd: input.proposedEnd,
          },
        });
        return row!.id;
      });
    },

    /** The committee's decision on the pending round, by a member who declared no conflict. */
    async decide(actor: Actor, noticeId: string, input: DecisionInput): Promise<'confirmed' | 'adjusted'> {
      const { tenant, user } = actor;
      assertCan(user, 'account:use');
      return inTenant(tenant, async (tx) => {
        const notice = await noticeUnderReview(tx, noticeId, true);
        const round = await pendingRound(tx, notice.id);
        const seat = await tx('project_review_members')
          .where({ review_id: round.id, user_id: user.id })
          .forUpdate()
          .first<MemberRow | undefined>();
        if (!seat || seat.status === 'declined') throw new NotOnReviewCommitteeError();
        if (seat.status !== 'declared') throw new ReviewDeclarationMissingError();
        const unchanged =
          input.requirements === round.requirements &&
          input.scope === round.scope &&
          input.projectStart === round.proposed_start &&
          input.projectEnd === round.proposed_end;
        const status = unchanged ? 'confirmed' : 'adjusted';
        await tx('project_reviews')
          .where({ id: round.id })
          .update({
            status,
            confirmed_requirements: input.requirements,
            confirmed_scope: input.scope,
            confirmed_start: input.projectStart,
            confirmed_end: input.projectEnd,
            decision_reasons: input.reasons,
            decided_by: user.id,
            decided_at: tx.raw('app_now()'),
          });
        await tx('notices')
          .where({ id: notice.id })
          .update({ project_start: input.projectStart, project_end: input.projectEnd });
        await services.audit.record(tx, tenant, actor.audit, {
          action: unchanged ? 'review.confirmed' : 'review.adjusted',
          target: { type: 'notice', id: notice.id },
          summary: {
            round: round.round,
            rule: round.rule,
            member: user.id,
            projectStart: input.projectStart,
            projectEnd: input.projectEnd,
            requirementsChanged: input.requirements !== round.requirements,
          },
        });
        return status;
      });
    },
  };
}
