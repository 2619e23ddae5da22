/**
 * Bid notices from draft to publication (and cancellation). Publishing checks the tenant's rules
 * as of the tenant's clock (publish-rules.ts) and explains a refusal field by field, naming the
 * rule version and by how much the notice falls short. The rule versions applied are kept with
 * the notice. Where the tenant's rules ask for a mutual check, publishing and cancelling wait for
 * a second officer of the agency (check-kinds.ts, checked-changes.ts).
 */
import type { Knex } from 'knex';
import type { RequestDeps } from '../../approvals/approval.js';
import { assertNothingPending, sendForCheck, type AwaitingCheck } from '../../approvals/mutual-checks.js';
import { ValidationError } from '../../http/validate.js';
import { collectLocalized } from '../../i18n/localized-fields.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { indexTerms } from '../../search/terms.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { noticeCancelKind, noticeFacts, noticePublishKind } from './check-kinds.js';
import { noticeEffects, type NoticeEffectDeps } from './effects.js';
import { NoticeNotFoundError } from './errors.js';
import { publishRefusals } from './publish-rules.js';
import type { NoticeRow } from './read.js';
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

export type NoticeServiceDeps = NoticeEffectDeps & RequestDeps;

export function noticesService(services: NoticeServiceDeps) {
  const effects = noticeEffects(services);

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

    /**
     * Publishes the draft now, or, where the tenant's rules ask for a mutual check, sends it to a
     * second officer of the agency once the rules would let it through (it is checked again then).
     */
    async publish(actor: Actor, id: string): Promise<NoticeRow | AwaitingCheck> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await lockNotice(tx, id);
        assertCan(actor.user, 'notices:manage', notice.agency_id);
        await assertNothingPending(tx, { targetType: 'notice', targetId: id });
        const at = await now(tx);
        effects.assertPublishable(notice, at);
        const { problems } = await publishRefusals(tx, notice, { tenant: actor.tenant, at });
        if (problems.length > 0) throw new ValidationError(problems);
        const check = await sendForCheck(tx, services, actor, {
          action: 'notice-publish',
          kind: noticePublishKind,
          targetType: 'notice',
          targetId: id,
          agencyId: notice.agency_id,
          summary: { ...noticeFacts(notice) },
          at,
        });
        return check ?? effects.publishNow(tx, actor, notice, at);
      });
    },

    async cancel(actor: Actor, id: string, reason: string): Promise<AwaitingCheck | null> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await lockNotice(tx, id);
        assertCan(actor.user, 'notices:manage', notice.agency_id);
        await assertNothingPending(tx, { targetType: 'notice', targetId: id });
        effects.assertCancellable(notice);
        const check = await sendForCheck(tx, services, actor, {
          action: 'notice-cancel',
          kind: noticeCancelKind,
          targetType: 'notice',
          targetId: id,
          agencyId: notice.agency_id,
          summary: { ...noticeFacts(notice), cancellationReason: reason },
          at: await now(tx),
        });
        if (check) return check;
        await effects.cancelNow(tx, actor, notice, reason);
        return null;
      });
    },
  };
}
