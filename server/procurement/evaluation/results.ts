/**
 * What both evaluation methods share: the round (a complaint that is upheld reopens the
 * evaluation in a new round), the bids that are evaluated (current and valid at the opening),
 * and the recorded result, a score table that names the rule versions it applied.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import type { NoticeRow } from '../notices/read.js';
import { openingRecord } from '../opening/service.js';

export async function currentRound(tx: Knex.Transaction, noticeId: string): Promise<number> {
  const [row] = await tx('evaluation_results')
    .where({ notice_id: noticeId, status: 'reopened' })
    .count<{ n: string }[]>('* as n');
  return Number(row?.n ?? 0) + 1;
}

export interface EvaluatedBid {
  id: string;
  receipt_no: string;
  supplier_id: string;
  supplierName: string;
  submitted_at: Date;
  sealed_price: string;
  sealed_technical: string;
}

/** The current bids that the opening found valid, in receipt order. */
export async function currentBids(tx: Knex.Transaction, noticeId: string): Promise<EvaluatedBid[]> {
  const opening = await openingRecord(tx, noticeId);
  const valid = new Set((opening?.bids ?? []).filter((b) => b.valid).map((b) => b.receiptNo));
  const rows = await tx('bids as b')
    .join('suppliers as s', 's.id', 'b.supplier_id')
    .where({ 'b.notice_id': noticeId, 'b.status': 'current' })
    .orderBy('b.receipt_no')
    .select<(Omit<EvaluatedBid, 'supplierName'> & { legal_name: Record<string, string> })[]>(
      'b.id',
      'b.receipt_no',
      'b.supplier_id',
      'b.submitted_at',
      'b.sealed_price',
      'b.sealed_technical',
      's.legal_name',
    );
  return rows
    .filter((b) => valid.has(b.receipt_no))
    .map(({ legal_name, ...b }) => ({ ...b, supplierName: Object.values(legal_name)[0] ?? '' }));
}

export interface EvaluationResult {
  id: string;
  round: number;
  method: 'lowest-price' | 'negotiated';
  table: Record<string, unknown>;
  winnerBidId: string | null;
  rules: string[];
}

/** Records the result the actor decided for the notice, and moves the notice on. */
export async function recordResult(
  tx: Knex.Transaction,
  services: Pick<Deps, 'audit'>,
  decision: { actor: Actor; notice: NoticeRow; result: Omit<EvaluationResult, 'id'> },
): Promise<EvaluationResult> {
  const { actor, notice, result } = decision;
  const [row] = await tx('evaluation_results')
    .insert({
      notice_id: notice.id,
      round: result.round,
      method: result.method,
      score_table: JSON.stringify(result.table),
      winner_bid_id: result.winnerBidId,
      applied_rules: result.rules,
      decided_by: actor.user?.id ?? null,
    })
    .returning<{ id: string }[]>('id');
  await tx('notices')
    .where({ id: notice.id })
    .update(
      result.winnerBidId ? { status_details: 'evaluated' } : { status: 'unsuccessful', status_details: 'failed' },
    );
  await services.audit.record(tx, actor.tenant, actor.audit, {
    action: 'evaluation.result-recorded',
    target: { type: 'notice', id: notice.id },
    summary: { round: result.round, method: result.method, winner: result.winnerBidId, rules: result.rules },
  });
  return { id: row!.id, ...result };
}

/** The latest result of a notice (the one in force unless reopened). */
export async function latestResult(tx: Knex.Transaction, noticeId: string) {
  return tx('evaluation_results').where({ notice_id: noticeId }).orderBy('round', 'desc').first<
    | {
        id: string;
        round: number;
        method: string;
        score_table: Record<string, unknown>;
        winner_bid_id: string | null;
        applied_rules: string[];
        status: string;
        decided_at: Date;
      }
    | undefined
  >();
}
