/**
 * How an action that went to a second person answers: the API says 202 with the request, a page
 * comes back to where the maker was with the sentence that says who decides now.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AwaitingCheck } from './mutual-checks.js';

export const AwaitingCheckAnswer = z
  .object({
    status: z.literal('awaiting-check'),
    approvalId: z.uuid(),
    rule: z.string().describe('The rule version that asked for a second person ("mutual-checks v1")'),
    message: z.string().describe("What happens next, in the reader's language"),
  })
  .describe(
    "Sent to a second person of the agency: nothing changes until they approve (the tenant's mutual-checks rule)",
  );

export const awaitingCheckResponse = {
  description: 'Sent for a mutual check: a second person of the agency approves or returns it',
  schema: AwaitingCheckAnswer,
};

export function answerAwaitingCheck(req: Request, res: Response, check: AwaitingCheck): void {
  res.status(202).json({
    status: 'awaiting-check',
    approvalId: check.approvalId,
    rule: check.rule,
    message: req.t('approvals:sent_for_check'),
  } satisfies z.infer<typeof AwaitingCheckAnswer>);
}
