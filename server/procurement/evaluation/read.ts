/**
 * Evaluation results as others may read them: the evaluation API and the award on the notice page
 * both ask here, so neither imports the other's HTTP module.
 */
import type { Request } from 'express';
import { can } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { noticeFor } from './committee.js';
import { latestResult } from './results.js';

/** The latest score table: to the agency's officers and the committee at once, to everyone once an award is out. */
export async function visibleResult(req: Request, noticeId: string) {
  return inTenant(req.tenant!, async (tx) => {
    const notice = await noticeFor(tx, noticeId);
    const result = await latestResult(tx, notice.id);
    if (!result) return undefined;
    const insider =
      can(req.user, 'notices:manage', notice.agency_id) ||
      (!!req.user &&
        !!(await tx('evaluators').where({ notice_id: notice.id, user_id: req.user.id, status: 'declared' }).first()));
    const awarded = !!(await tx('awards').where({ evaluation_id: result.id }).first());
    return insider || awarded ? result : undefined;
  });
}
