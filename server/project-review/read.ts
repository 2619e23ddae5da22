/**
 * What a project review shows, and to whom: the officers of the notice's agency, auditors and the
 * committee's members read it at any time; the public only once the notice has an award (before,
 * it is not found). Blocked seats' matches are for the officers only; the public reads the rounds,
 * what was confirmed, the reasons and the committee's names.
 */
import type { Knex } from 'knex';
import type { SeatMatch } from '../conflicts/matching.js';
import type { Actor } from '../identity/actor.js';
import { can } from '../identity/policy.js';
import { projectReviewRule } from '../regulations/project-review.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { ReviewNotFoundError } from './errors.js';
import { noticeUnderReview, roundsOf, type ReviewNotice, type RoundRow } from './records.js';

export interface ReviewMember {
  reviewId: string;
  userId: string;
  name: string;
  status: 'seated' | 'declared' | 'declined';
  declinedReason: string | null;
  conflicts: SeatMatch[] | null;
}

export interface ReviewPage {
  notice: ReviewNotice;
  rule: string | null;
  rounds: (RoundRow & { decidedByName: string | null; members: ReviewMember[] })[];
  /** The reader may submit rounds and seat members. */
  officer: boolean;
  /** The reader's seat on the pending round, if any. */
  mySeat: ReviewMember | null;
  awarded: boolean;
  at: Date;
}

async function membersOf(tx: Knex.Transaction, reviewIds: string[]): Promise<ReviewMember[]> {
  if (reviewIds.length === 0) return [];
  const rows = await tx('project_review_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereIn('m.review_id', reviewIds)
    .orderBy('m.seated_at')
    .select<
      {
        review_id: string;
        user_id: string;
        display_name: string;
        status: ReviewMember['status'];
        declined_reason: string | null;
        conflicts: SeatMatch[] | null;
      }[]
    >('m.review_id', 'm.user_id', 'u.display_name', 'm.status', 'm.declined_reason', 'm.conflicts');
  return rows.map((r) => ({
    reviewId: r.review_id,
    userId: r.user_id,
    name: r.display_name,
    status: r.status,
    declinedReason: r.declined_reason,
    conflicts: r.conflicts,
  }));
}

/** The review of a notice as the reader may see it; not found for the public before the award. */
export async function readReview(actor: Actor, noticeId: string): Promise<ReviewPage> {
  return inTenant(actor.tenant, async (tx) => {
    const notice = await noticeUnderReview(tx, noticeId);
    const at = await now(tx);
    const rounds = await roundsOf(tx, notice.id);
    const members = await membersOf(
      tx,
      rounds.map((r) => r.id),
    );
    const awarded = !!(await tx('awards').where({ notice_id: notice.id }).whereNot('status', 'withdrawn').first('id'));
    const officer = can(actor.user, 'notices:manage', notice.agency_id);
    const staff = officer || can(actor.user, 'audit:read') || members.some((m) => m.userId === actor.user?.id);
    if (!staff && !(awarded && rounds.length > 0)) throw new ReviewNotFoundError();
    const deciders = rounds.map((r) => r.decided_by).filter((id): id is string => !!id);
    const names = new Map(
      (deciders.length ? await tx('users').whereIn('id', deciders).select('id', 'display_name') : []).map(
        (u: { id: string; display_name: string }) => [u.id, u.display_name],
      ),
    );
    const pending = rounds.at(-1)?.status === 'submitted' ? rounds.at(-1) : undefined;
    const visible = (m: ReviewMember) => (officer ? m : { ...m, conflicts: null, declinedReason: null });
    return {
      notice,
      rule: projectReviewRule(actor.tenant.config, notice.category, at),
      rounds: rounds.map((r) => ({
        ...r,
        decidedByName: r.decided_by ? (names.get(r.decided_by) ?? null) : null,
        // The public reads who sat; the officers also who was seated and blocked.
        members: members.filter((m) => m.reviewId === r.id && (staff || m.status === 'declared')).map(visible),
      })),
      officer,
      mySeat: (pending && members.find((m) => m.reviewId === pending.id && m.userId === actor.user?.id)) || null,
      awarded,
      at,
    };
  });
}
