/**
 * The red flags of one supplier's history, as pure functions of plain data (facts.ts reads it):
 * habitual losers (many decided bids, almost no wins) and captive suppliers (every win from one
 * buyer). Only decided tenders count as bids (one with a live award): a tender still under
 * evaluation is neither won nor lost yet.
 */
import { percentOf, type ComputedFlag } from './flags.js';
import type { Applied } from './rules-tender.js';

export interface SupplierFacts {
  supplierId: string;
  /** Decided tenders the supplier bid on within the habitual-loser window, and whether it won each. */
  decidedBids: { noticeNo: string; won: boolean }[];
  /** Live awards to the supplier within the captive-supplier window, with the buyer of each. */
  wins: { noticeNo: string; agencyId: string; agencyName: Record<string, string> }[];
}

export function habitualLoser(facts: SupplierFacts, applied: Applied): ComputedFlag | null {
  const { minBids, maxWinPercent, windowDays } = applied.value.habitualLoser;
  const bids = facts.decidedBids.length;
  const wins = facts.decidedBids.filter((b) => b.won).length;
  if (bids < minBids || (wins / bids) * 100 >= maxWinPercent) return null;
  return {
    flagId: 'habitual-loser',
    evidence: {
      flag: 'habitual-loser',
      bids,
      wins,
      percent: percentOf(wins, bids),
      windowDays,
      minBids,
      maxWinPercent,
      notices: facts.decidedBids.map((b) => b.noticeNo).sort(),
    },
    sources: ['bid-history', 'award-history'],
    supplierIds: [facts.supplierId],
    rules: [applied.rule],
  };
}

export function captiveSupplier(facts: SupplierFacts, applied: Applied): ComputedFlag | null {
  const { minWins, windowDays } = applied.value.captiveSupplier;
  const agencies = new Set(facts.wins.map((w) => w.agencyId));
  if (facts.wins.length < minWins || agencies.size !== 1) return null;
  return {
    flagId: 'captive-supplier',
    evidence: {
      flag: 'captive-supplier',
      wins: facts.wins.length,
      agency: facts.wins[0]!.agencyName,
      windowDays,
      minWins,
      notices: facts.wins.map((w) => w.noticeNo).sort(),
    },
    sources: ['award-history'],
    supplierIds: [facts.supplierId],
    rules: [applied.rule],
  };
}

export function supplierFlags(facts: SupplierFacts, applied: Applied): ComputedFlag[] {
  return [habitualLoser(facts, applied), captiveSupplier(facts, applied)].filter((f): f is ComputedFlag => f !== null);
}
