/** A bid notice as an officer drafts it (API and form), the forms around it, and what the API answers. */
import { z } from 'zod';
import type { Language } from '../../i18n/languages.js';
import { localizedFields } from '../../i18n/localized-fields.js';
import { Uuid } from '../../http/params.js';
import { instantOfWallClock } from '../../time/zone.js';
import { amountInMinorUnits, CATEGORIES, METHODS } from '../plans/schema.js';

/** "2026-12-01T10:00" in the tenant's time zone, or a full ISO instant with an offset. */
export function localDateTime(timeZone: string) {
  return z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, {
      error: 'notices:datetime_format',
    })
    .transform((v) => (/(Z|[+-]\d{2}:\d{2})$/.test(v) ? new Date(v) : instantOfWallClock(v, timeZone)))
    .refine((d) => !Number.isNaN(d.getTime()), { error: 'notices:datetime_format' });
}

/**
 * Technical criteria of a negotiated (two-envelope) tender, each with its maximum points:
 * a list (API) or one "title | max" per line (form).
 */
const technicalCriteriaField = z
  .union([
    z.string().transform((v) =>
      v
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const at = line.lastIndexOf('|');
          return {
            title: at < 0 ? line : line.slice(0, at).trim(),
            max: at < 0 ? Number.NaN : Number(line.slice(at + 1)),
          };
        }),
    ),
    z.array(z.object({ title: z.string(), max: z.coerce.number() })),
  ])
  .pipe(
    z
      .array(
        z.object({
          title: z.string().trim().min(1).max(300),
          max: z
            .number({ error: 'notices:criterion_max' })
            .positive({ error: 'notices:criterion_max' })
            .max(100, { error: 'notices:criterion_max' }),
        }),
      )
      .max(20),
  )
  .optional();

/** Lots bid for separately: a list of titles (API) or one title per line (form). */
const lotsField = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\r?\n/)).map((t) => t.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(300)).max(50, { error: 'notices:too_many_lots' }))
  .optional();

export function noticeDraftSchema(
  languages: readonly Language[],
  defaultLanguage: Language,
  currency: string,
  timeZone: string,
) {
  return z.object({
    ...localizedFields('title', languages, defaultLanguage, 300),
    planEntryId: z.uuid().optional(),
    category: z.enum(CATEGORIES),
    competition: z.enum(['domestic', 'international']),
    method: z.enum(METHODS),
    evaluationMethod: z.enum(['lowest-price', 'negotiated']),
    estimatedPrice: amountInMinorUnits(currency),
    estimatedPriceHidden: z.coerce.boolean().default(false),
    technicalCriteria: technicalCriteriaField,
    lots: lotsField,
    baseAmount: amountInMinorUnits(currency).optional(),
    allocatedBudget: amountInMinorUnits(currency).optional(),
    bidSecurityPercent: z.coerce.number().min(0).max(100),
    submissionDeadline: localDateTime(timeZone),
    openingAt: localDateTime(timeZone),
  });
}

export type NoticeDraft = z.infer<ReturnType<typeof noticeDraftSchema>>;

/** Path parameters of one document of a notice. */
export const DocumentParams = z.object({ id: Uuid, documentId: Uuid });

/** The public list's filters (the page ignores bad ones; the API refuses them). */
export const NoticeFilter = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['active', 'cancelled', 'unsuccessful', 'complete']).optional(),
  category: z.enum(CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type NoticeFilterInput = z.infer<typeof NoticeFilter>;

export const QuestionForm = z.object({ question: z.string().trim().min(5).max(4000) });
export const AnswerForm = z.object({ answer: z.string().trim().min(1).max(8000) });
export const CancelForm = z.object({ reason: z.string().trim().min(1).max(2000) });

// What the API answers (dates as ISO 8601 strings).

export const PublicNotice = z.object({
  id: z.uuid(),
  noticeNo: z.string().nullable(),
  title: z.record(z.string(), z.string()),
  titleText: z.string().describe("The title in the reader's language"),
  category: z.enum(CATEGORIES),
  method: z.string(),
  evaluationMethod: z.string(),
  status: z.string(),
  statusDetails: z.string(),
  estimatedPrice: z.number().nullable().describe('Null when the agency hides it'),
  estimatedPriceText: z.string().nullable(),
  submissionDeadline: z.iso.datetime(),
  deadlineText: z.string(),
  openingAt: z.iso.datetime(),
  bidSecurityPercent: z.number(),
  appliedRules: z.array(z.string()),
  cancellationReason: z.string().nullable(),
  projectStart: z
    .string()
    .nullable()
    .describe('First day of the project period its ICT project review confirmed (YYYY-MM-DD)'),
  projectEnd: z.string().nullable().describe('Last day of the confirmed project period'),
  projectPeriodText: z.string().nullable(),
});

export const NoticeList = z.object({ notices: z.array(PublicNotice), nextPage: z.number().int().nullable() });
/** Why publication would be refused today: the draft is kept, these are warnings. */
const DraftWarnings = z
  .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
  .describe("What publication would refuse if asked now, each citing its rule, in the reader's language");
export const DraftedNotice = z.object({ id: z.uuid(), statusDetails: z.literal('draft'), warnings: DraftWarnings });
export const Created = z.object({ id: z.uuid() });

export const QuestionsAnswer = z.object({
  questions: z.array(
    z.object({
      id: z.uuid(),
      question: z.string(),
      answer: z.string().nullable(),
      askedAt: z.iso.datetime(),
      answeredAt: z.iso.datetime().nullable(),
    }),
  ),
});

export const PublicDocument = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sizeText: z.string(),
  sha256: z.string(),
  uploadedAt: z.iso.datetime(),
  addendumId: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
});
export const DocumentsAnswer = z.object({ documents: z.array(PublicDocument) });

export const AddendaAnswer = z.object({
  addenda: z.array(
    z.object({
      number: z.number().int(),
      revision: z.number().int(),
      summary: z.string(),
      issuedAt: z.iso.datetime(),
      changes: z
        .record(z.string(), z.unknown())
        .describe('What changed: dates before and after, documents added and superseded, an outage'),
      extendedByRule: z.boolean(),
      appliedRules: z.array(z.string()),
      automatic: z.boolean().describe('Issued by the platform after a system outage'),
    }),
  ),
});

export const IssuedAddendumAnswer = z.object({
  number: z.number().int(),
  revision: z.number().int(),
  noticeNo: z.string().nullable(),
  submissionDeadline: z.iso.datetime(),
  openingAt: z.iso.datetime(),
  extendedByRule: z.boolean(),
  appliedRules: z.array(z.string()),
});
