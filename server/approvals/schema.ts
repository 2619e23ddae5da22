/** The approvals page's forms. */
import { z } from 'zod';
import { REASON_MAX } from './request.js';

/** A refusal says why: the requester reads it. */
export const RefuseForm = z.object({
  reason: z
    .string({ error: 'approvals:reason_required' })
    .trim()
    .min(1, { error: 'approvals:reason_required' })
    .max(REASON_MAX),
});
export type RefuseInput = z.infer<typeof RefuseForm>;
