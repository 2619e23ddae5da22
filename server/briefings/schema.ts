/** What briefing forms and the API accept (zod, at the edge) and what the API answers. */
import { z } from 'zod';
import { Uuid } from '../http/params.js';
import { localDateTime } from '../procurement/notices/schema.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

/** A form's empty field is an absent one. */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().min(1).max(max).optional());
const httpsUrl = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .max(2000)
    .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', { error: 'briefings:join_url_https' })
    .optional(),
);

/** Scheduling a briefing on a notice or a plan entry: a join link or a place (or both). */
export function scheduleSchema(timeZone: string) {
  return z
    .object({
      noticeId: z.preprocess(blank, Uuid.optional()),
      planEntryId: z.preprocess(blank, Uuid.optional()),
      title: z.string().trim().min(3).max(300),
      startsAt: localDateTime(timeZone),
      registrationDeadline: localDateTime(timeZone),
      joinUrl: httpsUrl,
      place: optionalText(500),
    })
    .superRefine((v, ctx) => {
      if ((v.noticeId === undefined) === (v.planEntryId === undefined))
        ctx.addIssue({ code: 'custom', path: ['noticeId'], message: 'briefings:subject_needed' });
      if (v.joinUrl === undefined && v.place === undefined)
        ctx.addIssue({ code: 'custom', path: ['joinUrl'], message: 'briefings:where_needed' });
      if (v.registrationDeadline > v.startsAt)
        ctx.addIssue({ code: 'custom', path: ['registrationDeadline'], message: 'briefings:deadline_after_start' });
    });
}
export const ScheduleFields = (tenant: TenantHandle) => scheduleSchema(tenant.config.timeZone);
export type ScheduleInput = z.infer<ReturnType<typeof scheduleSchema>>;

/** Moving a briefing: a new time and registration deadline. */
export function moveSchema(timeZone: string) {
  return z
    .object({ startsAt: localDateTime(timeZone), registrationDeadline: localDateTime(timeZone) })
    .refine((v) => v.registrationDeadline <= v.startsAt, {
      path: ['registrationDeadline'],
      message: 'briefings:deadline_after_start',
    });
}
export const MoveFields = (tenant: TenantHandle) => moveSchema(tenant.config.timeZone);
export type MoveInput = z.infer<ReturnType<typeof moveSchema>>;

export const CancelForm = z.object({ reason: z.string().trim().min(3).max(2000) });
export const QuestionForm = z.object({ question: z.string().trim().min(5).max(4000) });
export const AnswerForm = z.object({ answer: z.string().trim().min(1).max(8000) });

/** The companies that attended: ids of registered suppliers (a form sends one or many). */
export const AttendanceForm = z.object({
  attended: z.preprocess(
    (v): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(Uuid).max(1000),
  ),
});

/** Which briefings to list: of one notice or one plan entry, or the upcoming ones. */
export const BriefingFilter = z.object({
  notice: Uuid.optional(),
  plan: Uuid.optional(),
});

/** Opening the scheduling form for a notice or a plan entry. */
export const NewBriefingQuery = z.object({ notice: Uuid.optional(), plan: Uuid.optional() });

export const QuestionParams = z.object({ id: Uuid, questionId: Uuid });

// What the API answers (instants as ISO 8601 strings).

export const PublicBriefing = z.object({
  id: z.uuid(),
  noticeId: z.uuid().nullable(),
  planEntryId: z.uuid().nullable(),
  title: z.string(),
  startsAt: z.string(),
  registrationDeadline: z.string(),
  joinUrl: z.string().nullable(),
  place: z.string().nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  cancelReason: z.string().nullable(),
  mandatoryRule: z
    .string()
    .nullable()
    .describe('The briefing-attendance rule version that made attendance a condition of bidding'),
  registered: z.number().int(),
});

export const BriefingDetail = PublicBriefing.extend({
  questions: z.array(
    z.object({
      id: z.uuid(),
      question: z.string(),
      answer: z.string().nullable(),
      askedAt: z.string(),
      answeredAt: z.string().nullable(),
    }),
  ),
  attendance: z
    .array(z.object({ name: z.string(), registrationNo: z.string() }))
    .nullable()
    .describe('The companies that attended: public once attendance is recorded after the briefing'),
  myRegistration: z.object({ registered: z.boolean(), attended: z.boolean() }).nullable(),
});

export const BriefingList = z.object({ briefings: z.array(PublicBriefing) });
export const Created = z.object({ id: z.uuid() });
export const Registrations = z.object({
  registrations: z.array(
    z.object({ supplierId: z.uuid(), name: z.string(), registrationNo: z.string(), attended: z.boolean() }),
  ),
});
