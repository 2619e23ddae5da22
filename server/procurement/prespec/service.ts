/**
 * Pre-specification disclosure (사전규격공개): above the tenant's value threshold, a notice's draft
 * specification is published for comment for a set number of days (calendar or business days in
 * the tenant's working calendar, rule 'pre-specification') before the notice may be published.
 * Officers of the notice's agency open a disclosure for a draft; supplier users comment while it
 * is open (the tenant's clock decides); officers reply in public, commenters stay unnamed and are
 * told by e-mail in their language. Publication asks `preSpecificationRefusal` whether to refuse.
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../../http/errors.js';
import type { Language } from '../../i18n/languages.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { localDate, ruleReference } from '../../regulations/lookup.js';
import { disclosurePeriod, type DisclosurePeriod } from '../../regulations/pre-specification.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import {
  AlreadyOpenedError,
  AlreadyRepliedError,
  CommentNotFoundError,
  CommentsClosedError,
  NoRuleError,
  NoticeNotFoundError,
  NotDraftError,
  PreSpecificationNotFoundError,
} from './errors.js';

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dayDiff = (a: string, b: string) =>
  Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);

/**
 * Whether publication must be refused for want of a pre-specification disclosure: the rule in
 * effect at `at` requires one above its value threshold, and none was opened, or its period has
 * not ended yet. The refusal names the rule version, the period (days and unit), the day it ends
 * and how many calendar days remain before the notice can be published. `applied` lists the rule
 * versions consulted, for the notice's record.
 */
export async function preSpecificationRefusal(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  notice: { id: string; estimated_price: string | number; category: string },
  at: Date,
): Promise<{ problem?: FieldDetail; applied: string[] }> {
  const config = tenant.config;
  const period = disclosurePeriod(config, at);
  if (!period) return { applied: [] };
  const reference = ruleReference(period.rule);
  if (Number(notice.estimated_price) <= period.rule.value.aboveValue) return { applied: [reference] };
  const today = localDate(at, config.timeZone);
  const disclosure = await tx('pre_specifications')
    .where({ notice_id: notice.id })
    .whereNot('status', 'withdrawn')
    .first<{ opened_at: Date; closes_on: string; closes_at: Date } | undefined>(
      'opened_at',
      tx.raw('closes_on::text as closes_on'),
      'closes_at',
    );
  if (!disclosure) {
    const { days, unit } = period.rule.value;
    return {
      applied: [reference],
      problem: {
        field: 'preSpecification',
        key: 'prespec:required',
        params: {
          rule: reference,
          days,
          unit,
          ends: period.closesOn,
          remaining: dayDiff(addDays(period.closesOn, 1), today),
        },
      },
    };
  }
  if (at >= disclosure.closes_at) return { applied: [reference] };
  // The period was set by the rule version in effect when the disclosure opened.
  const opening = disclosurePeriod(config, disclosure.opened_at)?.rule ?? period.rule;
  const openingReference = ruleReference(opening);
  return {
    applied: [...new Set([reference, openingReference])],
    problem: {
      field: 'preSpecification',
      key: 'prespec:period_running',
      params: {
        rule: openingReference,
        days: opening.value.days,
        unit: opening.value.unit,
        ends: disclosure.closes_on,
        remaining: dayDiff(addDays(disclosure.closes_on, 1), today),
      },
    },
  };
}

export interface DraftForDisclosure {
  id: string;
  title: Partial<Record<Language, string>>;
  estimatedPrice: string;
  /** The disclosure already opened for this notice, if any. */
  existingId?: string;
  /** The period a disclosure opened now would run for. */
  period?: DisclosurePeriod;
  /** Whether the rule requires a disclosure for this notice's estimated price. */
  required: boolean;
}

interface NoticeFacts {
  id: string;
  agency_id: string;
  status_details: string;
  title: Partial<Record<Language, string>>;
  estimated_price: string;
}

async function noticeOf(tx: Knex.Transaction, id: string, lock: boolean): Promise<NoticeFacts> {
  const query = tx('notices')
    .where({ id })
    .first<NoticeFacts | undefined>('id', 'agency_id', 'status_details', 'title', 'estimated_price');
  const row = await (lock ? query.forUpdate() : query);
  if (!row) throw new NoticeNotFoundError();
  return row;
}

interface CommentToAnswer {
  id: string;
  pre_specification_id: string;
  agency_id: string;
  reply: string | null;
  email: string;
  locale: string | null;
  display_name: string;
  title: Partial<Record<string, string>>;
}

/** The comment, locked, with what the reply needs: the notice's agency and title, and who asked. */
async function commentToAnswer(tx: Knex.Transaction, commentId: string): Promise<CommentToAnswer> {
  const row = await tx('pre_specification_comments as c')
    .join('pre_specifications as p', 'p.id', 'c.pre_specification_id')
    .join('notices as n', 'n.id', 'p.notice_id')
    .join('users as u', 'u.id', 'c.asked_by')
    .where('c.id', commentId)
    .forUpdate('c')
    .first<CommentToAnswer | undefined>(
      'c.id',
      'c.pre_specification_id',
      'n.agency_id',
      'c.reply',
      'u.email',
      'u.locale',
      'u.display_name',
      'n.title',
    );
  if (!row) throw new CommentNotFoundError();
  return row;
}

export function preSpecificationService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    /** What the officer's form shows before opening: the notice, the rule and the period it would give. */
    async draft(actor: Actor, noticeId: string): Promise<DraftForDisclosure> {
      const { tenant } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeOf(tx, noticeId, false);
        assertCan(actor.user, 'notices:manage', notice.agency_id);
        const existing = await tx('pre_specifications').where({ notice_id: notice.id }).first<{ id: string }>('id');
        const period = disclosurePeriod(tenant.config, await now(tx));
        return {
          id: notice.id,
          title: notice.title,
          estimatedPrice: notice.estimated_price,
          existingId: existing?.id,
          period,
          required: !!period && Number(notice.estimated_price) > period.rule.value.aboveValue,
        };
      });
    },

    /** Opens the disclosure of a draft notice, its period counted from the tenant's clock. */
    async open(
      actor: Actor,
      noticeId: string,
      { summary }: { summary: string },
    ): Promise<{ id: string; closesOn: string; closesAt: Date; appliedRules: string[] }> {
      const { tenant, user, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeOf(tx, noticeId, true);
        assertCan(user, 'notices:manage', notice.agency_id);
        if (notice.status_details !== 'draft') throw new NotDraftError();
        if (await tx('pre_specifications').where({ notice_id: notice.id }).first('id')) throw new AlreadyOpenedError();
        const period = disclosurePeriod(tenant.config, await now(tx));
        if (!period) throw new NoRuleError();
        const appliedRules = [ruleReference(period.rule)];
        const [row] = await tx('pre_specifications')
          .insert({
            notice_id: notice.id,
            summary,
            closes_on: period.closesOn,
            closes_at: period.closesAt,
            applied_rules: appliedRules,
            created_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, context, {
          action: 'pre-specification.opened',
          target: { type: 'notice', id: notice.id },
          summary: { after: { preSpecification: row!.id, closesOn: period.closesOn, rules: appliedRules } },
        });
        return { id: row!.id, closesOn: period.closesOn, closesAt: period.closesAt, appliedRules };
      });
    },

    /** A supplier user's comment, accepted only while the disclosure is open by the tenant's clock. */
    async comment(actor: Actor, preSpecificationId: string, { comment }: { comment: string }): Promise<string> {
      const { tenant, user, audit: context } = actor;
      assertCan(user, 'supplier:read-own');
      return inTenant(tenant, async (tx) => {
        const row = await tx('pre_specifications')
          .where({ id: preSpecificationId })
          .first<{ id: string; status: string; closes_on: string; open: boolean } | undefined>(
            'id',
            'status',
            tx.raw('closes_on::text as closes_on'),
            tx.raw('app_now() < closes_at as open'),
          );
        if (!row) throw new PreSpecificationNotFoundError();
        if (row.status !== 'open' || !row.open) throw new CommentsClosedError(row.closes_on);
        const [created] = await tx('pre_specification_comments')
          .insert({ pre_specification_id: row.id, asked_by: user.id, comment })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, context, {
          action: 'pre-specification.commented',
          target: { type: 'pre-specification', id: row.id },
          summary: { comment: created!.id },
        });
        return created!.id;
      });
    },

    /** The officer's public reply; the commenter is told by e-mail. Returns the disclosure's id. */
    async reply(actor: Actor, commentId: string, { reply }: { reply: string }): Promise<string> {
      const { tenant, user, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const row = await commentToAnswer(tx, commentId);
        assertCan(user, 'notices:manage', row.agency_id);
        if (row.reply) throw new AlreadyRepliedError();
        await tx('pre_specification_comments')
          .where({ id: row.id })
          .update({ reply, replied_by: user.id, replied_at: tx.raw('app_now()') });
        const title =
          (row.locale ? row.title[row.locale] : undefined) ??
          row.title[tenant.config.locales.default] ??
          Object.values(row.title)[0] ??
          '';
        await services.mailer.queue(tx, tenant, {
          to: row.email,
          locale: row.locale,
          template: 'pre_specification_replied',
          params: { name: row.display_name, title },
        });
        await services.audit.record(tx, tenant, context, {
          action: 'pre-specification.replied',
          target: { type: 'pre-specification', id: row.pre_specification_id },
          summary: { comment: row.id },
        });
        return row.pre_specification_id;
      });
    },
  };
}
