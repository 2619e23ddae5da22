/** What project-review forms and the API accept (zod, at the edge) and what the API answers. */
import { z } from 'zod';

/** A calendar day of the tenant (YYYY-MM-DD), as a date input sends it. */
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'review:date_format' })
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      error: 'review:date_format',
    },
  );

const text = (max: number) => z.string().trim().min(10).max(max);

/** A round the officer submits: before the notice, or a change of the confirmed requirements. */
export const SubmitForm = z
  .object({
    requirements: text(20_000).describe('The project requirements, as the proposal request will state them'),
    scope: text(8000).describe('The scope of the project'),
    proposedStart: day.describe("First day of the proposed project period (the tenant's calendar)"),
    proposedEnd: day.describe('Last day of the proposed project period'),
  })
  .refine((v) => v.proposedStart <= v.proposedEnd, { path: ['proposedEnd'], message: 'review:end_before_start' });
export type SubmitInput = z.infer<typeof SubmitForm>;

export const SeatForm = z.object({ email: z.email().trim().max(320) });

/** The committee's decision: the requirements and period it confirms (changed or not), with reasons. */
export const DecisionForm = z
  .object({
    requirements: text(20_000),
    scope: text(8000),
    projectStart: day,
    projectEnd: day,
    reasons: z.string().trim().min(10).max(8000),
  })
  .refine((v) => v.projectStart <= v.projectEnd, { path: ['projectEnd'], message: 'review:end_before_start' });
export type DecisionInput = z.infer<typeof DecisionForm>;

// What the API answers.

const Round = z.object({
  round: z.number().int(),
  kind: z.enum(['initial', 'change']),
  rule: z.string().describe('The project-review rule version applied'),
  status: z.enum(['submitted', 'confirmed', 'adjusted']),
  requirements: z.string(),
  scope: z.string(),
  proposedStart: z.string(),
  proposedEnd: z.string(),
  confirmedRequirements: z.string().nullable(),
  confirmedScope: z.string().nullable(),
  confirmedStart: z.string().nullable(),
  confirmedEnd: z.string().nullable(),
  reasons: z.string().nullable(),
  decidedBy: z.string().nullable().describe('The committee member who recorded the decision'),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  committee: z.array(z.object({ name: z.string(), status: z.enum(['seated', 'declared', 'declined']) })),
});

export const ReviewRecord = z.object({
  noticeId: z.uuid(),
  complete: z.boolean().describe('The last round is decided'),
  pending: z.boolean().describe('A round waits for the committee'),
  projectStart: z.string().nullable().describe('The confirmed project period in force'),
  projectEnd: z.string().nullable(),
  requirements: z.string().nullable().describe('The confirmed requirements in force'),
  rounds: z.array(Round),
});

export const Created = z.object({ id: z.uuid() });
