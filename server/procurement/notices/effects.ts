/**
 * What publishing and cancelling a notice change, once it is decided that they happen: by the
 * officer at once, or by the second officer who approves the request where the tenant's rules ask
 * for a mutual check (checked-changes.ts). Publication is at the moment it happens, so deadlines
 * and the notice period count from the actual publication, not from the request.
 */
import type { Knex } from 'knex';
import { newNoticeAlerts } from '../../alerts/alert-jobs.js';
import type { AuditContext } from '../../audit/trail.js';
import { sealLabel } from '../../crypto/sealed-box.js';
import type { Deps } from '../../deps.js';
import { ValidationError } from '../../http/validate.js';
import { evaluationWeights } from '../../regulations/evaluation.js';
import { localDate } from '../../regulations/lookup.js';
import { drawCandidates, multipleReservePrice } from '../../regulations/reserve-price.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { scheduleOpening } from '../opening/schedule.js';
import { NoticeStateError } from './errors.js';
import { publishRefusals, type RuleMoment } from './publish-rules.js';
import { concernedUsers, noticeNumber, type NoticeRow } from './read.js';

export type NoticeEffectDeps = Pick<Deps, 'audit' | 'sealedBox' | 'relay' | 'mailer'>;

/** Who makes the change happen, as the audit trail names them, and in which tenant. */
export interface Doer {
  tenant: TenantHandle;
  audit: AuditContext;
}

/** Where a change comes from when a second person approved it, for the change's own audit entry. */
export interface CheckedBy {
  approvalId: string;
  requestedBy: string;
}

export function noticeEffects(services: NoticeEffectDeps) {
  /**
   * A new tender key (wrapped by the tenant key) and, under multiple reserve prices, the
   * candidates drawn from the base amount and sealed at once: nobody sees them before opening.
   */
  async function sealTender(tx: Knex.Transaction, notice: NoticeRow, { tenant, at }: RuleMoment) {
    const tenderKey = await services.sealedBox.newTenderKey(tx, tenant.slug);
    // A reserve price bounds price competition: negotiated tenders are decided on their score table.
    const reserve = notice.evaluation_method === 'lowest-price' ? multipleReservePrice(tenant.config, at) : undefined;
    if (!reserve) return { tenderKey, candidates: null, rule: null };
    const base = Number(notice.base_amount ?? notice.estimated_price);
    const candidates = drawCandidates(base, reserve.rule);
    const seal = await services.sealedBox.sealer(tx, tenant.slug, { id: notice.id, tender_key: tenderKey });
    const sealed = seal(
      sealLabel(tenant.slug, notice.id, 'candidates', 'reserve'),
      Buffer.from(JSON.stringify(candidates)),
    );
    return { tenderKey, candidates: sealed, rule: reserve.reference };
  }

  /** A draft that can still be published now: still a draft, its deadline not passed. */
  function assertPublishable(notice: NoticeRow, at: Date): void {
    if (notice.status_details !== 'draft') throw new NoticeStateError('notices:not_draft');
    if (notice.submission_deadline <= at)
      throw new ValidationError([{ field: 'submissionDeadline', key: 'notices:deadline_passed' }]);
  }

  /** Numbers the notice, seals its tender and records the rules applied. */
  async function publishNow(
    tx: Knex.Transaction,
    doer: Doer,
    notice: NoticeRow,
    at: Date,
    checked?: CheckedBy,
  ): Promise<NoticeRow> {
    const { tenant } = doer;
    assertPublishable(notice, at);
    const { problems, applied } = await publishRefusals(tx, notice, { tenant, at });
    if (problems.length > 0) throw new ValidationError(problems);
    const serial = Number((await tx.raw<{ rows: { n: string }[] }>(`select nextval('notice_serial') as n`)).rows[0]!.n);
    const year = Number(localDate(at, tenant.config.timeZone).slice(0, 4));
    const sealing = await sealTender(tx, notice, { tenant, at });
    if (sealing.rule) applied.push(sealing.rule);
    const [published] = await tx<NoticeRow>('notices')
      .where({ id: notice.id })
      .update({
        notice_no: noticeNumber(year, notice.category, serial, notice.revision),
        status: 'active',
        status_details: 'published',
        applied_rules: applied,
        published_at: at,
        tender_key: sealing.tenderKey,
        evaluation_weights:
          notice.evaluation_method === 'negotiated' ? evaluationWeights(tenant.config, at).weights : null,
        reserve_candidates: sealing.candidates,
      })
      .returning('*');
    await services.audit.record(tx, tenant, doer.audit, {
      action: 'notice.published',
      target: { type: 'notice', id: notice.id },
      summary: {
        after: { noticeNo: published!.notice_no, rules: applied },
        key: 'tender-key created',
        reserveCandidates: sealing.candidates ? 'drawn and sealed' : null,
        ...(checked ? { checked } : {}),
      },
    });
    await scheduleOpening(tx, tenant, services.relay, published!);
    await services.relay.enqueue(tx, tenant, newNoticeAlerts(tenant, published!.id));
    return published!;
  }

  /** A notice that can still be cancelled: published or in planning. */
  function assertCancellable(notice: NoticeRow): void {
    if (notice.status !== 'active' && notice.status !== 'planning')
      throw new NoticeStateError('notices:not_cancellable');
  }

  /** Cancels the notice; its bidders and the suppliers who asked questions are told, each in their own language. */
  async function cancelNow(
    tx: Knex.Transaction,
    doer: Doer,
    notice: NoticeRow,
    reason: string,
    checked?: CheckedBy,
  ): Promise<void> {
    assertCancellable(notice);
    await tx('notices')
      .where({ id: notice.id })
      .update({ status: 'cancelled', status_details: 'cancelled', cancellation_reason: reason });
    for (const person of await concernedUsers(tx, notice.id)) {
      await services.mailer.queue(tx, doer.tenant, {
        to: person.email,
        locale: person.locale,
        template: 'notice_cancelled',
        params: { name: person.display_name, notice: notice.notice_no ?? '', reason },
      });
    }
    await services.audit.record(tx, doer.tenant, doer.audit, {
      action: 'notice.cancelled',
      target: { type: 'notice', id: notice.id },
      summary: {
        before: { status: notice.status },
        after: { status: 'cancelled', reason },
        ...(checked ? { checked } : {}),
      },
    });
  }

  return { assertPublishable, publishNow, assertCancellable, cancelNow };
}
