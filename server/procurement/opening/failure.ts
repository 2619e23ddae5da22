/**
 * After a failed tender: the officer re-tenders (a copy with new dates, linked to the failed
 * one, to be published like any notice) or, once the tenant's rules allow it, records a direct
 * contract with a written justification. Failed attempts are counted along the re-tender chain,
 * so the rule in force on the day (1 under the Korean special measures, 2 otherwise) decides.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { AppError, NotFoundError } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { directContract, type DirectContractVerdict } from '../../regulations/decisions.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';

const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);

async function failedNotice(tx: Knex.Transaction, user: SessionUser, id: string): Promise<NoticeRow> {
  const notice = isUuid(id) ? await tx<NoticeRow>('notices').where({ id }).forUpdate().first() : undefined;
  if (!notice || notice.status === 'planning') throw new NotFoundError('notice_not_found', 'notices:not_found');
  assertCan(user, 'notices:manage', notice.agency_id);
  if (notice.status_details !== 'failed') throw new AppError('notice_not_failed', 409, 'opening:not_failed');
  return notice;
}

/** Failed tenders in the chain ending at this notice (itself included). */
async function failedAttempts(tx: Knex.Transaction, noticeId: string): Promise<number> {
  const result = await tx.raw<{ rows: { failed: string }[] }>(
    `with recursive chain as (
       select id, retender_of, status_details from notices where id = ?
       union all
       select n.id, n.retender_of, n.status_details from notices n join chain c on n.id = c.retender_of
     )
     select count(*) filter (where status_details in ('failed', 'retendered')) as failed from chain`,
    [noticeId],
  );
  return Number(result.rows[0]!.failed);
}

export function failureService(services: Pick<Deps, 'audit'>) {
  return {
    /** What the rules say now about a direct contract for this failed notice. */
    async directContractVerdict(tenant: TenantHandle, id: string): Promise<DirectContractVerdict & { failed: number }> {
      return inTenant(tenant, async (tx) => {
        const notice = isUuid(id) ? await tx<NoticeRow>('notices').where({ id }).first() : undefined;
        if (!notice) throw new NotFoundError('notice_not_found', 'notices:not_found');
        const failed = await failedAttempts(tx, notice.id);
        const verdict = directContract(tenant.config, await now(tx), {
          category: notice.category,
          estimatedValue: Number(notice.estimated_price),
          failedAttempts: failed,
        });
        return { ...verdict, failed };
      });
    },

    async retender(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      id: string,
      dates: { submissionDeadline: Date; openingAt: Date },
    ): Promise<string> {
      if (dates.openingAt < dates.submissionDeadline)
        throw new ValidationError([{ field: 'openingAt', key: 'notices:opening_before_deadline' }]);
      return inTenant(tenant, async (tx) => {
        const notice = await failedNotice(tx, user, id);
        const [copy] = await tx('notices')
          .insert({
            plan_entry_id: notice.plan_entry_id,
            agency_id: notice.agency_id,
            title: JSON.stringify(notice.title),
            category: notice.category,
            competition: notice.competition,
            method: notice.method,
            evaluation_method: notice.evaluation_method,
            estimated_price: notice.estimated_price,
            estimated_price_hidden: notice.estimated_price_hidden,
            base_amount: notice.base_amount,
            bid_security_percent: notice.bid_security_percent,
            lots: JSON.stringify(notice.lots),
            submission_deadline: dates.submissionDeadline,
            opening_at: dates.openingAt,
            search_terms: tx.raw('(select search_terms from notices where id = ?)', [notice.id]),
            retender_of: notice.id,
            attempt: notice.attempt + 1,
            created_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await tx('notices').where({ id: notice.id }).update({ status_details: 'retendered' });
        await services.audit.record(tx, tenant, context, {
          action: 'notice.retendered',
          target: { type: 'notice', id: notice.id },
          summary: { copy: copy!.id, attempt: notice.attempt + 1 },
        });
        return copy!.id;
      });
    },

    async chooseDirectContract(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      id: string,
      justification: string,
    ): Promise<{ reason: string; rules: string[] }> {
      return inTenant(tenant, async (tx) => {
        const notice = await failedNotice(tx, user, id);
        const failed = await failedAttempts(tx, notice.id);
        const verdict = directContract(tenant.config, await now(tx), {
          category: notice.category,
          estimatedValue: Number(notice.estimated_price),
          failedAttempts: failed,
        });
        if (!verdict.allowed)
          throw new ValidationError([
            {
              field: 'justification',
              key: 'opening:direct_not_yet',
              params: { needed: verdict.failedAttemptsNeeded, failed, rule: verdict.rules.join(', ') },
            },
          ]);
        await tx('direct_contract_decisions').insert({
          notice_id: notice.id,
          reason: verdict.reason,
          justification,
          applied_rules: verdict.rules,
          decided_by: user.id,
        });
        await tx('notices').where({ id: notice.id }).update({ status_details: 'direct-contract' });
        await services.audit.record(tx, tenant, context, {
          action: 'notice.direct-contract-chosen',
          target: { type: 'notice', id: notice.id },
          summary: { reason: verdict.reason, failedAttempts: failed, rules: verdict.rules, justification },
        });
        return { reason: verdict.reason, rules: verdict.rules };
      });
    },
  };
}
