/**
 * After a failed tender: the officer re-tenders (a copy with new dates, linked to the failed
 * one, to be published like any notice) or, once the tenant's rules allow it, records a direct
 * contract with a written justification. Failed attempts are counted along the re-tender chain,
 * so the rule in force on the day (1 under the Korean special measures, 2 otherwise) decides.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { directContract, type DirectContractVerdict } from '../../regulations/decisions.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';
import {
  DirectContractNotYetError,
  NoticeNotFailedError,
  NoticeNotFoundError,
  OpeningBeforeDeadlineError,
} from './errors.js';

/** The dates of a re-tender. */
export interface RetenderDates {
  submissionDeadline: Date;
  openingAt: Date;
}

/** The failed notice, locked; only an officer of its agency acts on it. */
async function failedNotice(tx: Knex.Transaction, user: SessionUser, id: string): Promise<NoticeRow> {
  const notice = await tx<NoticeRow>('notices').where({ id }).forUpdate().first();
  if (!notice || notice.status === 'planning') throw new NoticeNotFoundError();
  assertCan(user, 'notices:manage', notice.agency_id);
  if (notice.status_details !== 'failed') throw new NoticeNotFailedError();
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

export function failureService(deps: Pick<Deps, 'audit'>) {
  return {
    /** What the rules say now about a direct contract for this failed notice. */
    async directContractVerdict(actor: Actor, id: string): Promise<DirectContractVerdict & { failed: number }> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await tx<NoticeRow>('notices').where({ id }).first();
        if (!notice) throw new NoticeNotFoundError();
        const failed = await failedAttempts(tx, notice.id);
        const verdict = directContract(actor.tenant.config, await now(tx), {
          category: notice.category,
          estimatedValue: Number(notice.estimated_price),
          failedAttempts: failed,
        });
        return { ...verdict, failed };
      });
    },

    /**
     * A draft copy of the failed notice with new dates, linked to it, carrying the tender documents
     * in force (the officer may replace or remove them before publishing); answers the copy's id.
     */
    async retender(actor: Actor, id: string, dates: RetenderDates): Promise<string> {
      const user = actor.user;
      if (dates.openingAt < dates.submissionDeadline) throw new OpeningBeforeDeadlineError();
      assertCan(user, 'notices:manage');
      return inTenant(actor.tenant, async (tx) => {
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
        const documents = await tx.raw<{ rowCount: number }>(
          `insert into notice_documents (notice_id, file_name, content_type, size, sha256, content, uploaded_by)
           select ?, file_name, content_type, size, sha256, content, ?
             from notice_documents where notice_id = ? and superseded_by is null
            order by uploaded_at`,
          [copy!.id, user.id, notice.id],
        );
        await tx('notices').where({ id: notice.id }).update({ status_details: 'retendered' });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.retendered',
          target: { type: 'notice', id: notice.id },
          summary: { copy: copy!.id, attempt: notice.attempt + 1, documents: documents.rowCount },
        });
        return copy!.id;
      });
    },

    /** Records a direct contract for the failed notice, once the rules allow it, with the officer's justification. */
    async chooseDirectContract(
      actor: Actor,
      id: string,
      { justification }: { justification: string },
    ): Promise<{ reason: string; rules: string[] }> {
      const user = actor.user;
      assertCan(user, 'notices:manage');
      return inTenant(actor.tenant, async (tx) => {
        const notice = await failedNotice(tx, user, id);
        const failed = await failedAttempts(tx, notice.id);
        const verdict = directContract(actor.tenant.config, await now(tx), {
          category: notice.category,
          estimatedValue: Number(notice.estimated_price),
          failedAttempts: failed,
        });
        if (!verdict.allowed) throw new DirectContractNotYetError(verdict.failedAttemptsNeeded, failed, verdict.rules);
        await tx('direct_contract_decisions').insert({
          notice_id: notice.id,
          reason: verdict.reason,
          justification,
          applied_rules: verdict.rules,
          decided_by: user.id,
        });
        await tx('notices').where({ id: notice.id }).update({ status_details: 'direct-contract' });
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.direct-contract-chosen',
          target: { type: 'notice', id: notice.id },
          summary: { reason: verdict.reason, failedAttempts: failed, rules: verdict.rules, justification },
        });
        return { reason: verdict.reason, rules: verdict.rules };
      });
    },
  };
}
