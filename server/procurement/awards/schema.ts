/** What the award takes (forms and API alike) and what its API answers. */
import { z } from 'zod';

export const Complaint = z.object({ grounds: z.string().trim().min(20).max(8000) });
export const Answer = z.object({
  decision: z.enum(['upheld', 'dismissed']),
  answer: z.string().trim().min(10).max(8000),
});
/** The answer form on the notice page names the notice to go back to. */
export const AnswerForm = Answer.extend({ noticeId: z.uuid() });

const AwardStatus = z.enum(['standstill', 'final', 'withdrawn']);

export const AwardPublished = z.object({ id: z.uuid(), status: AwardStatus, standstillEndsAt: z.iso.datetime() });
export const AwardFinal = z.object({ id: z.uuid(), status: AwardStatus });
export const ComplaintFiled = z.object({ id: z.uuid() });

export const PublicAward = z.object({
  id: z.uuid(),
  status: AwardStatus,
  amount: z.number().describe('In minor units of the currency'),
  supplier: z.object({ name: z.record(z.string(), z.string()), registrationNo: z.string() }),
  publishedAt: z.iso.datetime(),
  standstillEndsAt: z.iso.datetime(),
  finalAt: z.iso.datetime().nullable(),
  rules: z.array(z.string()),
  complaints: z
    .array(
      z.object({
        id: z.uuid(),
        grounds: z.string(),
        status: z.enum(['open', 'upheld', 'dismissed']),
        answer: z.string().nullable(),
        filedAt: z.iso.datetime(),
        answeredAt: z.iso.datetime().nullable(),
      }),
    )
    .describe('Complainants are not named'),
});
