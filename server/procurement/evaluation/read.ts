/**
 * Evaluation as it is read: the result (the evaluation API and the award on the notice page both
 * ask here, so neither imports the other's HTTP module) and what the evaluation page shows.
 */
import { pendingApprovalShown } from '../../approvals/request.js';
import type { Knex } from 'knex';
import { blockedSeats } from '../../conflicts/seat-check.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { can, ForbiddenError, UnauthenticatedError } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { bidderNames, noticeFor } from './committee.js';
import { NotOnCommitteeError, ResultNotFoundError } from './errors.js';
import { lowestPriceService, type LowestPriceState } from './lowest-price.js';
import { negotiatedService } from './negotiated.js';
import { latestResult } from './results.js';

/** The latest score table: to the agency's officers and the committee at once, to everyone once an award is out. */
export async function visibleResult(actor: Actor, noticeId: string) {
  const { user } = actor;
  return inTenant(actor.tenant, async (tx) => {
    const notice = await noticeFor(tx, noticeId);
    const result = await latestResult(tx, notice.id);
    if (!result) return undefined;
    const insider =
      can(user, 'notices:manage', notice.agency_id) ||
      (!!user &&
        !!(await tx('evaluators').where({ notice_id: notice.id, user_id: user.id, status: 'declared' }).first()));
    const awarded = !!(await tx('awards').where({ evaluation_id: result.id }).first());
    return insider || awarded ? result : undefined;
  });
}

/** The result, or 404 when there is none the actor may read. */
export async function readResult(actor: Actor, noticeId: string) {
  const result = await visibleResult(actor, noticeId);
  if (!result) throw new ResultNotFoundError();
  return result;
}

async function pageBasics(tx: Knex.Transaction, user: SessionUser, noticeId: string) {
  const notice = await noticeFor(tx, noticeId);
  const seat = await tx('evaluators')
    .where({ notice_id: notice.id, user_id: user.id })
    .first<{ status: string } | undefined>('status');
  const committee = await tx('evaluators as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where('e.notice_id', notice.id)
    .orderBy('e.assigned_at')
    .select<{ display_name: string; email: string; status: string }[]>('u.display_name', 'u.email', 'e.status');
  const result = await latestResult(tx, notice.id);
  const award = await tx('awards')
    .where({ notice_id: notice.id })
    .whereNot({ status: 'withdrawn' })
    .first<{ status: string; standstill_ends_at: Date } | undefined>('status', 'standstill_ends_at');
  const bidders = seat ? await bidderNames(tx, notice.id) : [];
  // An award (or another change to the notice) waiting for a second officer's check.
  const check = await pendingApprovalShown(tx, { targetType: 'notice', targetId: notice.id });
  return { notice, seat, committee, result, award, bidders, blocked: await blockedSeats(tx, notice.id), check };
}

type Negotiated = ReturnType<typeof negotiatedService>;

export type EvaluationPage = Awaited<ReturnType<typeof pageBasics>> & {
  manager: boolean;
  negotiated: boolean;
  /** A declared evaluator of an open negotiated evaluation: the proposals and their own sheet. */
  proposals?: Awaited<ReturnType<Negotiated['proposals']>>;
  sheet?: Awaited<ReturnType<Negotiated['scoreSheet']>>;
  /** The officer's view of the scoring so far. */
  progress?: Awaited<ReturnType<Negotiated['scoreSheet']>>;
  lowest?: LowestPriceState;
};

/**
 * The evaluation page of a notice, for the agency's officers and the committee's members; anyone
 * else is refused. Reading the proposals is an audited key use.
 */
export function evaluationPageReader(deps: Pick<Deps, 'audit' | 'sealedBox'>) {
  const negotiated = negotiatedService(deps);
  const lowest = lowestPriceService(deps);
  return async (actor: Actor, noticeId: string): Promise<EvaluationPage> => {
    const { user } = actor;
    if (!user) throw new UnauthenticatedError();
    const base = await inTenant(actor.tenant, (tx) => pageBasics(tx, user, noticeId));
    const { notice } = base;
    const manager = can(user, 'notices:manage', notice.agency_id);
    // An evaluator is told why (not seated on this committee), not that their account lacks a role.
    if (!manager && !base.seat)
      throw can(user, 'evaluation:take-part') ? new NotOnCommitteeError() : new ForbiddenError('evaluation:take-part');
    const page: EvaluationPage = { ...base, manager, negotiated: notice.evaluation_method === 'negotiated' };
    const open = !!notice.opened_at && (!base.result || base.result.status === 'reopened');
    if (page.negotiated && base.seat?.status === 'declared' && open) {
      page.proposals = await negotiated.proposals(actor, notice.id);
      page.sheet = await negotiated.scoreSheet(actor, notice.id);
    }
    if (page.negotiated && manager && open && notice.opened_at)
      page.progress = await negotiated.scoreSheet(actor, notice.id);
    if (!page.negotiated && manager && notice.opened_at && notice.status === 'active')
      page.lowest = await lowest.state(actor, notice.id);
    return page;
  };
}
