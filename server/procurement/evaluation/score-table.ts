/** A score table as pages show it: every number beside the ones it is computed from. */
import type { Request } from 'express';
import { formatMoney } from '../../i18n/format.js';
import type { NegotiatedRow } from './scoring.js';

interface StoredResult {
  round: number;
  method: string;
  score_table: Record<string, unknown>;
  winner_bid_id: string | null;
  applied_rules: string[];
}

export function scoreTableView(req: Pick<Request, 't' | 'lng' | 'actor'>, result: StoredResult) {
  const c = req.actor.tenant.config;
  const money = (v: number) => formatMoney(v, c.currency, req.lng, c.numberingSystem);
  const table = result.score_table as {
    rows?: (NegotiatedRow & { excluded?: boolean; ratio?: number })[];
    weights?: { technical: number; price: number };
    technicalMax?: number;
  };
  const rows = table.rows ?? [];
  const winner = rows.find((r) => r.bidId === result.winner_bid_id);
  return {
    title: req.t('evaluation:table_title', { round: result.round }),
    negotiated: result.method === 'negotiated',
    explanation:
      result.method === 'negotiated' && table.weights
        ? req.t('evaluation:explain_negotiated', {
            max: table.technicalMax,
            technical: table.weights.technical,
            price: table.weights.price,
          })
        : '',
    rows: rows.map((r) => ({
      ...r,
      priceText: money(r.price),
      evaluatorsText: r.evaluatorTotals?.join(' · ') ?? '',
      droppedText: r.dropped?.length ? req.t('evaluation:dropped', { values: r.dropped.join(', ') }) : '',
      winner: r.bidId === result.winner_bid_id,
    })),
    winnerText: winner ? req.t('evaluation:winner', { receipt: winner.receiptNo }) : req.t('evaluation:no_winner'),
    rules: result.applied_rules,
  };
}
