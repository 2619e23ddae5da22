/**
 * Briefing sessions: an officer of the agency schedules one on a published plan entry or an open
 * notice, moves or cancels it (registered companies are told by e-mail in their language), answers
 * the questions sent in advance (published to all, never naming the asker, as notice questions
 * are) and records who attended; supplier users register their company once and send questions
 * before the briefing. Every change is audited in its transaction.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { formatDateTime } from '../i18n/format.js';
import { isLanguage } from '../i18n/languages.js';
import { ValidationError } from '../http/validate.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { mandatoryBriefingRule } from '../regulations/briefing-attendance.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import {
  AlreadyRegisteredError,
  BriefingNotFoundError,
  BriefingQuestionNotFoundError,
  BriefingStateError,
  BriefingSubjectError,
} from './errors.js';
import type { MoveInput, ScheduleInput } from './schema.js';

type BriefingDeps = Pick<Deps, 'audit' | 'mailer'>;

export interface BriefingRow {
  id: string;
  notice_id: string | null;
  plan_entry_id: string | null;
  agency_id: string;
  title: string;
  starts_at: Date;
  join_url: string | null;
  place: string | null;
  registration_deadline: Date;
  mandatory_rule: string | null;
  status: 'scheduled' | 'cancelled';
  cancel_reason: string | null;
  attendance_recorded_at: Date | null;
}

async function lockBriefing(tx: Knex.Transaction, id: string): Promise<BriefingRow> {
  const row = await tx('briefings').where({ id }).forUpdate().first<BriefingRow | undefined>();
  if (!row) throw new BriefingNotFoundError();
  return row;
}

/** The agency and category of what the briefing is about; only published subjects take briefings. */
async function subjectOf(tx: Knex.Transaction, input: ScheduleInput) {
  if (input.noticeId) {
    const notice = await tx('notices')
      .where({ id: input.noticeId })
      .first<{ agency_id: string; category: string; status: string } | undefined>('agency_id', 'category', 'status');
    if (!notice || notice.status === 'planning') throw new BriefingSubjectError('briefings:notice_not_published');
    if (notice.status !== 'active') throw new BriefingSubjectError('briefings:notice_not_open');
    return notice;
  }
  const plan = await tx('plan_entries')
    .where({ id: input.planEntryId })
    .first<{ agency_id: string; category: string; status: string } | undefined>('agency_id', 'category', 'status');
  if (!plan || plan.status !== 'published') throw new BriefingSubjectError('briefings:plan_not_published');
  return plan;
}

function assertFuture(at: Date, startsAt: Date): void {
  if (startsAt <= at) throw new ValidationError([{ field: 'startsAt', key: 'briefings:in_past' }]);
}

/** The users of the registered companies, each told in their language that the briefing changed. */
async function tellRegistered(
  tx: Knex.Transaction,
  services: BriefingDeps,
  actor: Actor,
  briefing: BriefingRow,
  mail: { template: string; params: Record<string, unknown>; at?: Date },
): Promise<number> {
  const users = await tx('briefing_registrations as r')
    .join('users as u', 'u.supplier_id', 'r.supplier_id')
    .where({ 'r.briefing_id': briefing.id, 'u.status': 'active' })
    .select<{ email: string; locale: string | null; display_name: string }[]>('u.email', 'u.locale', 'u.display_name');
  const c = actor.tenant.config;
  for (const u of users) {
    const lng = isLanguage(u.locale) && c.locales.supported.includes(u.locale) ? u.locale : c.locales.default;
    await services.mailer.queue(tx, actor.tenant, {
      to: u.email,
      locale: u.locale,
      template: mail.template,
      params: {
        name: u.display_name,
        title: briefing.title,
        ...(mail.at ? { time: formatDateTime(mail.at, lng, c.timeZone, c.numberingSystem) } : {}),
        ...mail.params,
      },
    });
  }
  return users.length;
}

export function briefingsService(services: BriefingDeps) {
  /** Locks the briefing and checks the officer is of its agency and it still stands. */
  async function forOfficer(tx: Knex.Transaction, actor: Actor, id: string): Promise<BriefingRow> {
    const briefing = await lockBriefing(tx, id);
    assertCan(actor.user, 'notices:manage', briefing.agency_id);
    if (briefing.status !== 'scheduled') throw new BriefingStateError('briefings:cancelled_already');
    return briefing;
  }

  return {
    async schedule(actor: Actor, input: ScheduleInput): Promise<string> {
      assertCan(actor.user, 'notices:manage');
      return inTenant(actor.tenant, async (tx) => {
        const subject = await subjectOf(tx, input);
        assertCan(actor.user, 'notices:manage', subject.agency_id);
        const at = await now(tx);
        assertFuture(at, input.startsAt);
        // Only a notice takes bids: a plan entry's briefing is never a condition of bidding.
        const rule = input.noticeId ? mandatoryBriefingRule(actor.tenant.config, subject.category, at) : null;
        const [row] = await tx('briefings')
          .insert({
            notice_id: input.noticeId ?? null,
            plan_entry_id: input.planEntryId ?? null,
            agency_id: subject.agency_id,
            title: input.title,
            starts_at: input.startsAt,
            registration_deadline: input.registrationDeadline,
            join_url: input.joinUrl ?? null,
            place: input.place ?? null,
            mandatory_rule: rule,
            created_by: actor.user.id,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.scheduled',
          target: { type: 'briefing', id: row!.id },
          summary: {
            notice: input.noticeId ?? null,
            planEntry: input.planEntryId ?? null,
            startsAt: input.startsAt.toISOString(),
            mandatoryRule: rule,
          },
        });
        return row!.id;
      });
    },

    async move(actor: Actor, id: string, input: MoveInput): Promise<void> {
      await inTenant(actor.tenant, async (tx) => {
        const briefing = await forOfficer(tx, actor, id);
        assertFuture(await now(tx), input.startsAt);
        await tx('briefings')
          .where({ id })
          .update({ starts_at: input.startsAt, registration_deadline: input.registrationDeadline });
        const told = await tellRegistered(tx, services, actor, briefing, {
          template: 'briefings:mail_moved',
          params: {},
          at: input.startsAt,
        });
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.moved',
          target: { type: 'briefing', id },
          summary: { from: briefing.starts_at.toISOString(), to: input.startsAt.toISOString(), told },
        });
      });
    },

    async cancel(actor: Actor, id: string, reason: string): Promise<void> {
      await inTenant(actor.tenant, async (tx) => {
        const briefing = await forOfficer(tx, actor, id);
        if (briefing.attendance_recorded_at) throw new BriefingStateError('briefings:already_held');
        await tx('briefings').where({ id }).update({ status: 'cancelled', cancel_reason: reason });
        const told = await tellRegistered(tx, services, actor, briefing, {
          template: 'briefings:mail_cancelled',
          params: { reason },
          at: briefing.starts_at,
        });
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.cancelled',
          target: { type: 'briefing', id },
          summary: { reason, told },
        });
      });
    },

    async register(actor: Actor, id: string): Promise<void> {
      assertCan(actor.user, 'supplier:read-own');
      const supplierId = actor.user.supplierId!;
      await inTenant(actor.tenant, async (tx) => {
        const briefing = await tx('briefings').where({ id }).forShare().first<BriefingRow | undefined>();
        if (!briefing) throw new BriefingNotFoundError();
        if (briefing.status !== 'scheduled') throw new BriefingStateError('briefings:cancelled_already');
        if ((await now(tx)) > briefing.registration_deadline)
          throw new BriefingStateError('briefings:registration_closed', { deadline: briefing.registration_deadline });
        const inserted = await tx('briefing_registrations')
          .insert({ briefing_id: id, supplier_id: supplierId, registered_by: actor.user!.id })
          .onConflict(['briefing_id', 'supplier_id'])
          .ignore()
          .returning('briefing_id');
        if (inserted.length === 0) throw new AlreadyRegisteredError();
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.registered',
          target: { type: 'briefing', id },
          summary: { supplier: supplierId },
        });
      });
    },

    async ask(actor: Actor, id: string, question: string): Promise<string> {
      assertCan(actor.user, 'supplier:read-own');
      const supplierId = actor.user.supplierId!;
      return inTenant(actor.tenant, async (tx) => {
        const briefing = await tx('briefings').where({ id }).first<BriefingRow | undefined>();
        if (!briefing) throw new BriefingNotFoundError();
        if (briefing.status !== 'scheduled' || (await now(tx)) >= briefing.starts_at)
          throw new ValidationError([{ field: 'question', key: 'briefings:questions_closed' }]);
        const registered = await tx('briefing_registrations')
          .where({ briefing_id: id, supplier_id: supplierId })
          .first<{ briefing_id: string } | undefined>('briefing_id');
        if (!registered) throw new ValidationError([{ field: 'question', key: 'briefings:register_first' }]);
        const [row] = await tx('briefing_questions')
          .insert({ briefing_id: id, supplier_id: supplierId, asked_by: actor.user!.id, question })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.question-asked',
          target: { type: 'briefing', id },
          summary: { question: row!.id },
        });
        return row!.id;
      });
    },

    async answer(actor: Actor, id: string, questionId: string, answer: string): Promise<void> {
      await inTenant(actor.tenant, async (tx) => {
        const briefing = await lockBriefing(tx, id);
        assertCan(actor.user, 'notices:manage', briefing.agency_id);
        const question = await tx('briefing_questions')
          .where({ id: questionId, briefing_id: id })
          .forUpdate()
          .first<{ id: string; answer: string | null } | undefined>('id', 'answer');
        if (!question) throw new BriefingQuestionNotFoundError();
        if (question.answer) throw new ValidationError([{ field: 'answer', key: 'briefings:already_answered' }]);
        await tx('briefing_questions')
          .where({ id: questionId })
          .update({ answer, answered_by: actor.user.id, answered_at: tx.raw('app_now()') });
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.question-answered',
          target: { type: 'briefing', id },
          summary: { question: questionId },
        });
      });
    },

    /** After the briefing: which registered companies attended (recorded again, it replaces the list). */
    async recordAttendance(actor: Actor, id: string, attended: string[]): Promise<void> {
      await inTenant(actor.tenant, async (tx) => {
        const briefing = await forOfficer(tx, actor, id);
        if ((await now(tx)) < briefing.starts_at)
          throw new BriefingStateError('briefings:not_held_yet', { date: briefing.starts_at });
        const registered = new Set(
          (
            await tx('briefing_registrations')
              .where({ briefing_id: id })
              .select<{ supplier_id: string }[]>('supplier_id')
          ).map((r) => r.supplier_id),
        );
        const unknown = attended.filter((s) => !registered.has(s));
        if (unknown.length > 0) throw new ValidationError([{ field: 'attended', key: 'briefings:not_registered' }]);
        await tx('briefing_registrations')
          .where({ briefing_id: id })
          .update({ attended: tx.raw('supplier_id = any(?::uuid[])', [attended]) });
        await tx('briefings')
          .where({ id })
          .update({ attendance_recorded_at: tx.raw('app_now()') });
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'briefing.attendance-recorded',
          target: { type: 'briefing', id },
          summary: { attended: [...new Set(attended)].sort(), registered: registered.size },
        });
      });
    },
  };
}
