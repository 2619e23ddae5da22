/**
 * Negotiated (two-envelope) evaluation. Declared evaluators read the technical proposals and
 * score every bid on the notice's criteria, each blind to the others' scores until all have
 * submitted. The officer closes the technical evaluation; only then can the price envelopes be
 * unsealed (the sealed box enforces it), and the score table is computed under the rule versions
 * in force: technical average (extremes dropped per rule), price score, differential points.
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan, can, UnauthenticatedError } from '../../identity/policy.js';
import { evaluationWeights, negotiatedRules } from '../../regulations/evaluation.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { sealLabel } from '../../crypto/sealed-box.js';
import type { NoticeRow } from '../notices/read.js';
import { declaredEvaluator, noticeFor } from './committee.js';
import {
  AlreadyScoredError,
  BidUnknownError,
  NotInEvaluationError,
  ScoresMissingError,
  TechnicalFinalError,
} from './errors.js';
import { currentRound, currentBids, recordResult, type EvaluationResult } from './results.js';
import { negotiatedTable } from './scoring.js';

function assertNegotiated(notice: NoticeRow): void {
  if (notice.evaluation_method !== 'negotiated' || !notice.opened_at || notice.status !== 'active')
    throw new NotInEvaluationError();
}

async function scoresOfRound(tx: Knex.Transaction, noticeId: string, round: number) {
  return tx('technical_scores as s')
    .join('evaluators as e', 'e.id', 's.evaluator_id')
    .where({ 's.notice_id': noticeId, 's.round': round, 'e.status': 'declared' })
    .select<{ evaluator_id: string; user_id: string; bid_id: string; scores: Record<string, number>; total: string }[]>(
      's.evaluator_id',
      'e.user_id',
      's.bid_id',
      's.scores',
      's.total',
    );
}

/** Every declared evaluator has scored every current bid this round. */
async function allScored(
  tx: Knex.Transaction,
  noticeId: string,
  round: number,
): Promise<{ done: boolean; missing: number }> {
  const evaluators = await tx('evaluators').where({ notice_id: noticeId, status: 'declared' }).pluck('id');
  const bids = await currentBids(tx, noticeId);
  const scored = await scoresOfRound(tx, noticeId, round);
  const missing = evaluators.length * bids.length - scored.length;
  return { done: evaluators.length > 0 && missing === 0, missing: Math.max(missing, evaluators.length === 0 ? 1 : 0) };
}

/** Each criterion scored within 0 and its maximum: the clean scores, or every field at fault. */
function checkedScores(notice: NoticeRow, scores: Record<string, unknown>): Record<string, number> {
  const problems: FieldDetail[] = [];
  const clean: Record<string, number> = {};
  for (const c of notice.technical_criteria) {
    const value = Number(scores[c.key]);
    if (scores[c.key] === undefined || scores[c.key] === '' || !Number.isFinite(value) || value < 0 || value > c.max)
      problems.push({
        field: `scores.${c.key}`,
        key: 'evaluation:score_range',
        params: { max: c.max, criterion: c.title },
      });
    else clean[c.key] = value;
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return clean;
}

/** The technical evaluation of the round is closed once it has a result. */
async function assertTechnicalOpen(tx: Knex.Transaction, noticeId: string, round: number): Promise<void> {
  if (await tx('evaluation_results').where({ notice_id: noticeId, round }).first()) throw new TechnicalFinalError();
}

/** Opens one sealed part of a bid (crypto/sealed-box.ts). */
type Unseal = Awaited<ReturnType<Deps['sealedBox']['unsealer']>>;

export interface ScoreInput {
  bidId: string;
  scores: Record<string, unknown>;
}

export function negotiatedService(services: Pick<Deps, 'audit' | 'sealedBox'>) {
  return {
    /** The technical envelopes, for a declared evaluator (each reading is an audited key use). */
    async proposals(actor: Actor, noticeId: string) {
      const { tenant, user, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        assertNegotiated(notice);
        await declaredEvaluator(tx, user, notice.id);
        const unseal = await services.sealedBox.unsealer(tx, tenant, context, notice, ['technical']);
        const bids = await currentBids(tx, notice.id);
        return bids.map((b) => {
          const technical = JSON.parse(
            unseal(sealLabel(tenant.slug, notice.id, b.id, 'technical'), b.sealed_technical).toString(),
          ) as { technicalNote: string; files: { name: string; sha256: string; size: number }[] };
          return { bidId: b.id, receiptNo: b.receipt_no, supplierName: b.supplierName, ...technical };
        });
      });
    },

    /** One evaluator's scores for one bid, once (blind to the others' until all are in). */
    async score(actor: Actor, noticeId: string, input: ScoreInput): Promise<{ total: number }> {
      const { tenant, user, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        assertNegotiated(notice);
        const seat = await declaredEvaluator(tx, user, notice.id);
        const round = await currentRound(tx, notice.id);
        await assertTechnicalOpen(tx, notice.id, round);
        const bid = (await currentBids(tx, notice.id)).find((b) => b.id === input.bidId);
        if (!bid) throw new BidUnknownError();
        const clean = checkedScores(notice, input.scores);
        const total = Object.values(clean).reduce((s, v) => s + v, 0);
        const [row] = await tx('technical_scores')
          .insert({ notice_id: notice.id, evaluator_id: seat.id, bid_id: bid.id, round, scores: clean, total })
          .onConflict(['evaluator_id', 'bid_id', 'round'])
          .ignore()
          .returning<{ id: string }[]>('id');
        if (!row) throw new AlreadyScoredError();
        await services.audit.record(tx, tenant, context, {
          action: 'evaluation.technical-scored',
          target: { type: 'bid', id: bid.id },
          summary: { notice: notice.id, round, total },
        });
        return { total };
      });
    },

    /** The caller's own scores; everyone's once every evaluator has scored every bid. */
    async scoreSheet(actor: Actor, noticeId: string) {
      const { user } = actor;
      if (!user) throw new UnauthenticatedError();
      return inTenant(actor.tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId);
        const manager = can(user, 'notices:manage', notice.agency_id);
        if (!manager) await declaredEvaluator(tx, user, notice.id);
        const round = await currentRound(tx, notice.id);
        const scored = await scoresOfRound(tx, notice.id, round);
        const { done, missing } = await allScored(tx, notice.id, round);
        const visible = done ? scored : scored.filter((s) => s.user_id === user.id);
        return {
          round,
          complete: done,
          missing,
          scores: visible.map((s) => ({
            bidId: s.bid_id,
            evaluator: s.evaluator_id,
            mine: s.user_id === user.id,
            scores: s.scores,
            total: Number(s.total),
          })),
        };
      });
    },

    /** Closes the technical evaluation of this round, then unseals the prices and scores the bids. */
    async finalize(actor: Actor, noticeId: string) {
      const { tenant, user: officer, audit: context } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeFor(tx, noticeId, true);
        assertCan(officer, 'notices:manage', notice.agency_id);
        assertNegotiated(notice);
        const round = await currentRound(tx, notice.id);
        await assertTechnicalOpen(tx, notice.id, round);
        const { done, missing } = await allScored(tx, notice.id, round);
        if (!done) throw new ScoresMissingError(missing);
        const at = await now(tx);
        await tx('notices').where({ id: notice.id }).update({ technical_final_at: at });
        await services.audit.record(tx, tenant, context, {
          action: 'evaluation.technical-final',
          target: { type: 'notice', id: notice.id },
          summary: { round },
        });
        const unseal = await services.sealedBox.unsealer(tx, tenant, context, { ...notice, technical_final_at: at }, [
          'price',
        ]);
        const result = await negotiatedResult(tx, { tenant, notice, round, at, unseal });
        return recordResult(tx, services, { actor, notice, result });
      });
    },
  };
}

/** The score table of the round under the rule versions in force at `at`, from the unsealed prices. */
async function negotiatedResult(
  tx: Knex.Transaction,
  step: { tenant: TenantHandle; notice: NoticeRow; round: number; at: Date; unseal: Unseal },
): Promise<Omit<EvaluationResult, 'id'>> {
  const { tenant, notice, round, at, unseal } = step;
  const bids = await currentBids(tx, notice.id);
  const scored = await scoresOfRound(tx, notice.id, round);
  const config = tenant.config;
  const applied = negotiatedRules(config, at);
  const weights = notice.evaluation_weights ?? evaluationWeights(config, at).weights;
  const rules = [...notice.applied_rules.filter((r) => r.startsWith('evaluation-weights')), ...applied.rules];
  const technicalMax = notice.technical_criteria.reduce((s, c) => s + c.max, 0);
  const rows = negotiatedTable(
    bids.map((b) => ({
      bidId: b.id,
      receiptNo: b.receipt_no,
      supplierName: b.supplierName,
      submittedAt: b.submitted_at.toISOString(),
      price: (
        JSON.parse(unseal(sealLabel(tenant.slug, notice.id, b.id, 'price'), b.sealed_price).toString()) as {
          price: number;
        }
      ).price,
      evaluatorTotals: scored.filter((s) => s.bid_id === b.id).map((s) => Number(s.total)),
    })),
    {
      weights,
      technicalMax,
      dropExtremesFrom: applied.dropExtremesFrom,
      differential: applied.differential,
      tieBreak: applied.tieBreak,
    },
  );
  return {
    round,
    method: 'negotiated',
    table: { weights, technicalMax, criteria: notice.technical_criteria, rows },
    winnerBidId: rows[0]?.bidId ?? null,
    rules,
  };
}
