/** What the evaluation takes (forms and API alike) and what its API answers. */
import { z } from 'zod';

export const Assign = z.object({ email: z.email().max(320) });
export const Decline = z.object({ reason: z.string().trim().min(5).max(2000) });
export const Score = z.object({ bidId: z.uuid(), scores: z.record(z.string(), z.union([z.number(), z.string()])) });
/** The page's score form posts one field per criterion beside the bid (and the CSRF token). */
export const ScoreForm = z
  .object({ bidId: z.uuid() })
  .catchall(z.string())
  .transform(({ bidId, _csrf: _token, ...scores }) => ({ bidId, scores }));
export const Review = z.object({
  bidId: z.uuid(),
  score: z.coerce.number().min(0, { error: 'evaluation:review_range' }).max(100, { error: 'evaluation:review_range' }),
  reasons: z.string().trim().min(5).max(8000),
});

export const Assigned = z.object({ id: z.uuid().describe("The evaluator's seat") });

export const Proposals = z.object({
  proposals: z.array(
    z.object({
      bidId: z.uuid(),
      receiptNo: z.string(),
      supplierName: z.string(),
      technicalNote: z.string(),
      files: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number().int() })),
    }),
  ),
});

export const Scored = z.object({ total: z.number() });

export const ScoreSheet = z.object({
  round: z.number().int(),
  complete: z.boolean().describe('Every declared evaluator has scored every bid'),
  missing: z.number().int(),
  scores: z.array(
    z.object({
      bidId: z.uuid(),
      evaluator: z.uuid(),
      mine: z.boolean(),
      scores: z.record(z.string(), z.number()),
      total: z.number(),
    }),
  ),
});

export const Result = z.object({
  id: z.uuid(),
  round: z.number().int(),
  method: z.enum(['lowest-price', 'negotiated']),
  table: z.record(z.string(), z.unknown()).describe('The score table'),
  winnerBidId: z.uuid().nullable(),
  rules: z.array(z.string()).describe('The rule versions applied'),
});

const PriceOrderRow = z.object({
  bidId: z.string(),
  receiptNo: z.string(),
  supplierName: z.string(),
  price: z.number(),
  submittedAt: z.string(),
  ratio: z.number().describe('The price as a percentage of the reserve price'),
  excluded: z.boolean().describe('Below the floor rate'),
  position: z.number().int().nullable(),
});

export const LowestPriceState = z.object({
  round: z.number().int(),
  reservePrice: z.number(),
  reserveSource: z.enum(['multiple-reserve-prices', 'estimated-price']),
  floorPercent: z.number(),
  passMark: z.number(),
  rows: z.array(PriceOrderRow),
  reviews: z.array(
    z.object({
      bidId: z.uuid(),
      position: z.number().int(),
      score: z.number(),
      passed: z.boolean(),
      reasons: z.string(),
    }),
  ),
  next: PriceOrderRow.nullable(),
  rules: z.array(z.string()),
});

export const Reviewed = z.object({
  passed: z.boolean(),
  next: PriceOrderRow.nullable(),
  result: Result.nullable().describe('Recorded when a bid passed or none is left'),
});

export const StoredResult = z.object({
  id: z.uuid(),
  notice_id: z.uuid(),
  round: z.number().int(),
  method: z.enum(['lowest-price', 'negotiated']),
  score_table: z.record(z.string(), z.unknown()),
  winner_bid_id: z.uuid().nullable(),
  applied_rules: z.array(z.string()),
  status: z.enum(['final', 'reopened']),
  decided_by: z.uuid().nullable(),
  decided_at: z.iso.datetime(),
});
