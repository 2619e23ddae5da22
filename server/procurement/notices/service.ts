/**
 * Bid notices from draft to publication (and cancellation). Publishing checks the tenant's rules
 * as of the tenant's clock — plan entry required, notice period counted in the tenant's calendar,
 * minimum bid security — and explains a refusal field by field, naming the rule version and by
 * how much the notice falls short. The rule versions applied are kept with the notice.
 */
import type { Knex } from 'knex';
import type { AuditContext } from '../../audit/trail.js';
import { NotFoundError, type FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { directContract, noticePeriod, planRequired } from '../../regulations/decisions.js';
import { bidSecurity } from '../../regulations/deposits.js';
import { evaluationWeights } from '../../regulations/evaluation.js';
import { localDate } from '../../regulations/lookup.js';
import { indexTerms } from '../../search/terms.js';
import { collectLocalized } from '../../i18n/localized-fields.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { drawCandidates, multipleReservePrice } from '../../regulations/reserve-price.js';
import { sealLabel } from '../../crypto/sealed-box.js';
import { scheduleOpening } from '../opening/schedule.js';
import { concernedUsers, noticeNumber, type NoticeRow } from './read.js';
import type { NoticeDraft } from './schema.js';
import { preSpecificationRefusal } from '../prespec/service.js';

const isUuid = (v: string) => /^[0-9a-f-]{36}$/.test(v);
const dayDiff = (a: string, b: string) =>
  Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);

async function lockNotice(tx: Knex.Transaction, id: string): Promise<NoticeRow> {
  const row = isUuid(id) ? await tx<NoticeRow>('notices').where({ id }).forUpdate().first() : undefined;
  if (!row) throw new NotFoundError('notice_not_found', 'notices:not_found');
  return row;
}

export function noticesService(services: Pick<Deps, 'audit' | 'sealedBox' | 'relay' | 'mailer'>) {
  /** Every reason the tenant's rules refuse publication now, one per field. */
  async function refusals(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    notice: NoticeRow,
    at: Date,
  ): Promise<{ problems: FieldDetail[]; applied: string[] }> {
    const config = tenant.config;
    const problems: FieldDetail[] = [];
    const applied: string[] = [];
    const planRule = planRequired(config, at);
    if (planRule) {
      applied.push(planRule.rule);
      const plan = notice.plan_entry_id
        ? await tx('plan_entries')
            .where({ id: notice.plan_entry_id })
            .first<{ status: string; agency_id: string } | undefined>()
        : undefined;
      if (!plan)
        problems.push({
          field: 'planEntryId',
          key: 'notices:plan_required',
          params: { rule: planRule.rule },
        });
      else if (plan.status !== 'published' || plan.agency_id !== notice.agency_id)
        problems.push({
          field: 'planEntryId',
          key: 'notices:plan_not_published',
          params: { rule: planRule.rule },
        });
    }
    const period = noticePeriod(config, at, {
      category: notice.category,
      competition: notice.competition,
      estimatedValue: Number(notice.estimated_price),
    });
    applied.push(...period.rules);
    const given = localDate(notice.submission_deadline, config.timeZone);
    if (given < period.earliestDeadline) {
      problems.push({
        field: 'submissionDeadline',
        key: 'notices:deadline_too_early',
        params: {
          rule: period.rules[0],
          days: period.days,
          unit: period.unit,
          earliest: period.earliestDeadline,
          given,
          short: dayDiff(period.earliestDeadline, given),
        },
      });
    }
    if (notice.evaluation_method === 'negotiated') {
      applied.push(evaluationWeights(config, at).rule);
      if (notice.technical_criteria.length === 0)
        problems.push({ field: 'technicalCriteria', key: 'notices:criteria_required' });
    }
    if (notice.method === 'direct') {
      const verdict = directContract(config, at, {
        category: notice.category,
        estimatedValue: Number(notice.estimated_price),
        failedAttempts: 0,
      });
      applied.push(...verdict.rules);
      if (!verdict.allowed)
        problems.push({
          field: 'method',
          key: 'notices:direct_not_allowed',
          params: { rule: verdict.rules.join(', ') },
        });
    }
    const security = bidSecurity(config, at);
    applied.push(security.rule);
    if (Number(notice.bid_security_percent) < security.percent) {
      problems.push({
        field: 'bidSecurityPercent',
        key: 'notices:bid_security_too_low',
        params: { minimum: security.percent, rule: security.rule },
      });
    }
    // Pre-specification disclosure above the value threshold (server/procurement/prespec).
    const disclosure = await preSpecificationRefusal(tx, tenant, notice, at);
    applied.push(...disclosure.applied);
    if (disclosure.problem) problems.push(disclosure.problem);
    return { problems, applied };
  }

  /**
   * A new tender key (wrapped by the tenant key) and, under multiple reserve prices, the
   * candidates drawn from the base amount and sealed at once: nobody sees them before opening.
   */
  async function sealTender(tx: Knex.Transaction, tenant: TenantHandle, notice: NoticeRow, at: Date) {
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

  return {
    async createDraft(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      input: NoticeDraft,
    ): Promise<string> {
      assertCan(user, 'notices:manage');
      const title = collectLocalized(input, 'title', tenant.config.locales.supported);
      if (input.openingAt < input.submissionDeadline)
        throw new ValidationError([{ field: 'openingAt', key: 'notices:opening_before_deadline' }]);
      return inTenant(tenant, async (tx) => {
        const [row] = await tx('notices')
          .insert({
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
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, context, {
          action: 'notice.drafted',
          target: { type: 'notice', id: row!.id },
          summary: { after: { title, category: input.category, deadline: input.submissionDeadline.toISOString() } },
        });
        return row!.id;
      });
    },

    async publish(tenant: TenantHandle, user: SessionUser, context: AuditContext, id: string): Promise<NoticeRow> {
      return inTenant(tenant, async (tx) => {
        const notice = await lockNotice(tx, id);
        assertCan(user, 'notices:manage', notice.agency_id);
        if (notice.status_details !== 'draft')
          throw new ValidationError([{ field: '(body)', key: 'notices:not_draft' }]);
        const at = await now(tx);
        if (notice.submission_deadline <= at)
          throw new ValidationError([{ field: 'submissionDeadline', key: 'notices:deadline_passed' }]);
        const { problems, applied } = await refusals(tx, tenant, notice, at);
        if (problems.length > 0) throw new ValidationError(problems);
        const serial = Number(
          (await tx.raw<{ rows: { n: string }[] }>(`select nextval('notice_serial') as n`)).rows[0]!.n,
        );
        const year = Number(localDate(at, tenant.config.timeZone).slice(0, 4));
        const sealing = await sealTender(tx, tenant, notice, at);
        if (sealing.rule) applied.push(sealing.rule);
        const [published] = await tx<NoticeRow>('notices')
          .where({ id })
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
        await services.audit.record(tx, tenant, context, {
          action: 'notice.published',
          target: { type: 'notice', id },
          summary: {
            after: { noticeNo: published!.notice_no, rules: applied },
            key: 'tender-key created',
            reserveCandidates: sealing.candidates ? 'drawn and sealed' : null,
          },
        });
        await scheduleOpening(tx, tenant, services.relay, published!);
        return published!;
      });
    },

    async cancel(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      id: string,
      reason: string,
    ): Promise<void> {
      await inTenant(tenant, async (tx) => {
        const notice = await lockNotice(tx, id);
        assertCan(user, 'notices:manage', notice.agency_id);
        if (notice.status !== 'active' && notice.status !== 'planning')
          throw new ValidationError([{ field: '(body)', key: 'notices:not_cancellable' }]);
        await tx('notices')
          .where({ id })
          .update({ status: 'cancelled', status_details: 'cancelled', cancellation_reason: reason });
        // Bidders and the suppliers who asked questions are told, each in their own language.
        for (const person of await concernedUsers(tx, id)) {
          await services.mailer.queue(tx, tenant, {
            to: person.email,
            locale: person.locale,
            template: 'notice_cancelled',
            params: { name: person.display_name, notice: notice.notice_no ?? '', reason },
          });
        }
        await services.audit.record(tx, tenant, context, {
          action: 'notice.cancelled',
          target: { type: 'notice', id },
          summary: { before: { status: notice.status }, after: { status: 'cancelled', reason } },
        });
      });
    },
  };
}
