/**
 * Bid notices from draft to publication (and cancellation). Publishing checks the tenant's rules
 * as of the tenant's clock (publish-rules.ts) and explains a refusal field by field, naming the
 * rule version and by how much the notice falls short. The rule versions applied are kept with
 * the notice.
 */
import type { Knex } from 'knex';
import { newNoticeAlerts } from '../../alerts/alert-jobs.js';
import { sealLabel } from '../../crypto/sealed-box.js';
import type { Deps } from '../../deps.js';
import { ValidationError } from '../../http/validate.js';
import { collectLocalized } from '../../i18n/localized-fields.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { evaluationWeights } from '../../regulations/evaluation.js';
import { localDate } from '../../regulations/lookup.js';
import { drawCandidates, multipleReservePrice } from '../../regulations/reserve-price.js';
import { indexTerms } from '../../search/terms.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { scheduleOpening } from '../opening/schedule.js';
import { NoticeNotFoundError, NoticeStateError } from './errors.js';
import { publishRefusals, type RuleMoment } from './publish-rules.js';
import { concernedUsers, noticeNumber, type NoticeRow } from './read.js';
import type { NoticeDraft } from './schema.js';

export async function lockNotice(tx: Knex.Transaction, id: string): Promise<NoticeRow> {
  const row = await tx<NoticeRow>('notices').where({ id }).forUpdate().first();
  if (!row) throw new NoticeNotFoundError();
  return row;
}

/** The notices row of a draft, as the officer typed it (a new draft, or an edit replacing it). */
export function draftRow(tenant: TenantHandle, user: SessionUser, input: NoticeDraft) {
  const title = collectLocalized(input, 'title', tenant.config.locales.supported);
  return {
    title,
    row: {
      plan_entry_id: input.planEntryId ?? null,
      agency_id: user.agencyId,
      title: JSON.stringify(title),
      category: input.category,
      competition: input.competition,
      method: input.method,
      evaluation_method: input.evaluationMethod,
      estimated_price: input.estimatedPrice,
      estimated_price_hidden: input.estimatedPriceHidden,
      lots: JSON.stringify((input.lots ?? []).map((title, i) => ({ no: i + 1, title }))),
      technical_criteria: JSON.stringify(
        (input.technicalCriteria ?? []).map((c, i) => ({ key: `c${i + 1}`, title: c.title, max: c.max })),
      ),
      base_amount: input.baseAmount ?? null,
      allocated_budget: input.allocatedBudget ?? null,
      bid_security_percent: input.bidSecurityPercent,
      submission_deadline: input.submissionDeadline,
      opening_at: input.openingAt,
      search_terms: indexTerms(Object.entries(title).map(([lng, text]) => ({ lng, text: text ?? '' }))),
      created_by: user.id,
    },
  };
}

/**
 * What no rule could make right: a deadline already past, an opening before the deadline. A draft
 * is refused these at once (422); what the rules say is checked as warnings (drafts.ts).
 */
export function assertSensibleDates(input: Pick<NoticeDraft, 'submissionDeadline' | 'openingAt'>, at: Date): void {
  const problems = [];
  if (input.submissionDeadline <= at) problems.push({ field: 'submissionDeadline', key: 'notices:deadline_passed' });
  if (input.openingAt < input.submissionDeadline)
    problems.push({ field: 'openingAt', key: 'notices:opening_before_deadline' });
  if (problems.length > 0) throw new ValidationError(problems);
}

export function noticesService(services: Pick<Deps, 'audit' | 'sealedBox' | 'relay' | 'mailer'>) {
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

  /** Numbers the notice, seals its tender and records the rules applied. */
  async function publishNow(tx: Knex.Transaction, actor: Actor, notice: NoticeRow, at: Date): Promise<NoticeRow> {
    const { tenant } = actor;
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
    await services.audit.record(tx, tenant, actor.audit, {
      action: 'notice.published',
      target: { type: 'notice', id: notice.id },
      summary: {
        after: { noticeNo: published!.notice_no, rules: applied },
        key: 'tender-key created',
        reserveCandidates: sealing.candidates ? 'drawn and sealed' : null,
      },
    });
    await scheduleOpening(tx, tenant, services.relay, published!);
    await services.relay.enqueue(tx, tenant, newNoticeAlerts(tenant, published!.id));
    return published!;
  }

  return {
    async createDraft(actor: Actor, input: NoticeDraft): Promise<string> {
      const user = actor.user;
      assertCan(user, 'notices:manage');
      const { title, row: values } = draftRow(actor.tenant, user, input);
      return inTenant(actor.tenant, async (tx) => {
        assertSensibleDates(input, await now(tx));
        const [row] = await tx('notices').insert(values).returning<{ id: string }[]>('id');
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.drafted',
          target: { type: 'notice', id: row!.id },
          summary: { after: { title, category: input.category, deadline: input.submissionDeadline.toISOString() } },
        });
        return row!.id;
      });
    },

    async publish(actor: Actor, id: string): Promise<NoticeRow> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await lockNotice(tx, id);
        assertCan(actor.user, 'notices:manage', notice.agency_id);
        if (notice.status_details !== 'draft') throw new NoticeStateError('notices:not_draft');
        const at = await now(tx);
        if (notice.submission_deadline <= at)
          throw new ValidationError([{ field: 'submissionDeadline', key: 'notices:deadline_passed' }]);
        return publishNow(tx, actor, notice, at);
      });
    },

    async cancel(actor: Actor, id: string, reason: string): Promise<void> {
      await inTenant(actor.tenant, async (tx) => {
        const notice = await lockNotice(tx, id);
        assertCan(actor.user, 'notices:manage', notice.agency_id);
        if (notice.status !== 'active' && notice.status !== 'planning')
          throw new NoticeStateError('notices:not_cancellable');
        await tx('notices')
          .where({ id })
          .update({ status: 'cancelled', status_details: 'cancelled', cancellation_reason: reason });
        // Bidders and the suppliers who asked questions are told, each in their own language.
        for (const person of await concernedUsers(tx, id)) {
          await services.mailer.queue(tx, actor.tenant, {
            to: person.email,
            locale: person.locale,
            template: 'notice_cancelled',
            params: { name: person.display_name, notice: notice.notice_no ?? '', reason },
          });
        }
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.cancelled',
          target: { type: 'notice', id },
          summary: { before: { status: notice.status }, after: { status: 'cancelled', reason } },
        });
      });
    },
  };
}
