/**
 * The arithmetic of evaluation, as pure functions so tests can hold it against a hand
 * calculation. Scores are kept to three decimals (rounded half up) at each step the table
 * shows, so every number in the published table can be recomputed from the numbers beside it.
 */
export interface ScoredBid {
  bidId: string;
  receiptNo: string;
  supplierName: string;
  price: number;
  submittedAt: string;
  /** Each evaluator's technical total for this bid. */
  evaluatorTotals: number[];
}

export interface NegotiatedRules {
  weights: { technical: number; price: number };
  /** Sum of the criteria maxima: a perfect technical total. */
  technicalMax: number;
  dropExtremesFrom: number | null;
  differential: { max: number; byRank: number[] };
  tieBreak: ('technical' | 'price' | 'receipt')[];
}

export interface NegotiatedRow {
  bidId: string;
  receiptNo: string;
  supplierName: string;
  price: number;
  evaluatorTotals: number[];
  dropped: number[];
  technicalAverage: number;
  technicalScore: number;
  technicalRank: number;
  priceScore: number;
  differentialPoints: number;
  total: number;
  rank: number;
}

export const round3 = (n: number) => Math.round((n + Number.EPSILON) * 1000) / 1000;

/** The mean of the evaluators' totals, without the highest and lowest once there are enough of them. */
export function technicalAverage(
  totals: number[],
  dropExtremesFrom: number | null,
): { average: number; dropped: number[] } {
  const sorted = [...totals].sort((a, b) => a - b);
  const drop = dropExtremesFrom !== null && totals.length >= dropExtremesFrom;
  const kept = drop ? sorted.slice(1, -1) : sorted;
  const dropped = drop ? [sorted[0]!, sorted[sorted.length - 1]!] : [];
  return { average: round3(kept.reduce((s, t) => s + t, 0) / kept.length), dropped };
}

/** Competition ranking (1, 1, 3): equal values share a rank. */
function ranks(values: number[], better: (a: number, b: number) => boolean): number[] {
  return values.map((v) => 1 + values.filter((o) => better(o, v)).length);
}

export function negotiatedTable(bids: ScoredBid[], rules: NegotiatedRules): NegotiatedRow[] {
  const lowest = Math.min(...bids.map((b) => b.price));
  const rows = bids.map((b) => {
    const { average, dropped } = technicalAverage(b.evaluatorTotals, rules.dropExtremesFrom);
    return {
      bidId: b.bidId,
      receiptNo: b.receiptNo,
      supplierName: b.supplierName,
      price: b.price,
      submittedAt: b.submittedAt,
      evaluatorTotals: b.evaluatorTotals,
      dropped,
      technicalAverage: average,
      technicalScore: round3((average / rules.technicalMax) * rules.weights.technical),
      priceScore: round3((lowest / b.price) * rules.weights.price),
    };
  });
  const technicalRanks = ranks(
    rows.map((r) => r.technicalScore),
    (a, b) => a > b,
  );
  const scored = rows.map((r, i) => {
    const technicalRank = technicalRanks[i]!;
    const differentialPoints = Math.min(rules.differential.max, rules.differential.byRank[technicalRank - 1] ?? 0);
    return {
      ...r,
      technicalRank,
      differentialPoints,
      total: round3(r.technicalScore + r.priceScore + differentialPoints),
    };
  });
  const order = [...scored].sort((a, b) => {
    if (a.total !== b.total) return b.total - a.total;
    for (const key of rules.tieBreak) {
      if (key === 'technical' && a.technicalScore !== b.technicalScore) return b.technicalScore - a.technicalScore;
      if (key === 'price' && a.price !== b.price) return a.price - b.price;
      if (key === 'receipt' && a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt ? -1 : 1;
    }
    return a.receiptNo < b.receiptNo ? -1 : 1;
  });
  return order.map(({ submittedAt: _, ...row }, i) => ({ ...row, rank: i + 1 }));
}

export interface PricedBid {
  bidId: string;
  receiptNo: string;
  supplierName: string;
  price: number;
  submittedAt: string;
}

export interface LowestPriceRow extends PricedBid {
  /** The bid as a percentage of the reserve price, three decimals. */
  ratio: number;
  excluded: boolean;
  /** Position in price order among the bids not excluded (null when excluded). */
  position: number | null;
}

/**
 * Bids below the floor (a percentage of the reserve price) are excluded; the rest are put in
 * price order, equal prices by the earlier receipt.
 */
export function lowestPriceOrder(bids: PricedBid[], reservePrice: number, floorPercent: number): LowestPriceRow[] {
  // Integer comparison: price / reserve < floor % ⇔ price · 100 000 < reserve · floor · 1 000.
  const floor = Math.round(floorPercent * 1000);
  const below = (price: number) => price * 100_000 < reservePrice * floor;
  const sorted = [...bids].sort((a, b) => a.price - b.price || (a.submittedAt < b.submittedAt ? -1 : 1));
  let position = 0;
  return sorted.map((b) => {
    const excluded = below(b.price);
    return {
      ...b,
      ratio: round3((b.price / reservePrice) * 100),
      excluded,
      position: excluded ? null : ++position,
    };
  });
}
