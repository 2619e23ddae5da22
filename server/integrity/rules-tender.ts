/**
 * The red flags of one tender, as pure functions of plain data (facts.ts reads it). Prices come
 * only from the published opening record: a tender whose record is not 'opened' gets no
 * price-based flag, and one not opened at all gets only the flags its notice alone shows (who
 * bid is secret until the opening too).
 */
import { percentOf, type ComputedFlag, type Disqualification } from './flags.js';
import { sameSource, sharedContact, sharedOwner } from './rules-bidders.js';
import { party, suppliersOf, type Applied, type OpenedBidFact, type TenderFacts } from './tender-facts.js';

export type { Applied, OpenedBidFact, TenderFacts };
export { sameSource, sharedContact, sharedOwner };

function pricedBids(facts: TenderFacts): OpenedBidFact[] {
  if (facts.opening?.outcome !== 'opened') return [];
  return facts.opening.bids.filter((b) => b.price !== null);
}

function winnerReceipt(facts: TenderFacts): string | null {
  return facts.award?.receiptNo ?? facts.resultWinner;
}

function disqualification(facts: TenderFacts, bid: OpenedBidFact): Disqualification | null {
  if (!bid.valid) return 'invalid-at-opening';
  return facts.failedReviews.includes(bid.receiptNo) ? 'failed-review' : null;
}

export function singleBidder(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const opening = facts.opening;
  if (facts.notice.method !== 'open' || !opening) return null;
  const bidders = new Set(opening.bids.map((b) => b.supplierId));
  if (bidders.size !== 1) return null;
  const bidder = party(opening.bids[0]!);
  return {
    flagId: 'single-bidder',
    evidence: { flag: 'single-bidder', bidder, outcome: opening.outcome },
    sources: ['notice', 'opening-record'],
    supplierIds: [bidder.supplierId],
    rules: [applied.rule],
  };
}

export function shortSubmissionPeriod(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const { publishedAt, submissionDeadline, category } = facts.notice;
  if (!publishedAt) return null;
  const row = applied.value.submissionPeriod.find((r) => !r.category || r.category === category);
  if (!row) return null;
  const exact = (submissionDeadline.getTime() - publishedAt.getTime()) / 86_400_000;
  if (exact >= row.days) return null;
  return {
    flagId: 'short-submission-period',
    evidence: {
      flag: 'short-submission-period',
      publishedAt: publishedAt.toISOString(),
      deadline: submissionDeadline.toISOString(),
      days: Math.round(exact * 10) / 10,
      normDays: row.days,
      category,
    },
    sources: ['notice'],
    supplierIds: [],
    rules: [applied.rule],
  };
}

export function identicalPrices(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const groups = new Map<string, OpenedBidFact[]>();
  for (const bid of pricedBids(facts)) {
    const key = `${bid.lot}:${bid.price}`;
    groups.set(key, [...(groups.get(key) ?? []), bid]);
  }
  const found = [...groups.values()]
    .filter((g) => new Set(g.map((b) => b.supplierId)).size > 1)
    .map((g) => ({ lot: g[0]!.lot, price: g[0]!.price!, bids: g.map((b) => party(b)) }));
  if (found.length === 0) return null;
  return {
    flagId: 'identical-prices',
    evidence: { flag: 'identical-prices', groups: found },
    sources: ['opening-record'],
    supplierIds: suppliersOf(found.flatMap((g) => g.bids)),
    rules: [applied.rule],
  };
}

export function nearEstimate(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const award = facts.award;
  const opened = facts.opening?.outcome === 'opened' ? facts.opening.bids : [];
  const winner = opened.find((b) => b.receiptNo === award?.receiptNo);
  if (!award || !winner) return null;
  const estimate = facts.notice.estimatedPrice;
  const exact = (award.amount / estimate) * 100;
  if (exact < applied.value.nearEstimatePercent || exact > 100) return null;
  return {
    flagId: 'near-estimate',
    evidence: {
      flag: 'near-estimate',
      winner: party(winner),
      amount: award.amount,
      estimate,
      percent: percentOf(award.amount, estimate),
      threshold: applied.value.nearEstimatePercent,
    },
    sources: ['notice', 'award', 'opening-record'],
    supplierIds: [winner.supplierId],
    rules: [applied.rule],
  };
}

export function runnerUpSpread(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const priced = pricedBids(facts);
  const winner = priced.find((b) => b.receiptNo === winnerReceipt(facts));
  if (!winner) return null;
  const runnerUp = priced
    .filter((b) => b.lot === winner.lot && b.receiptNo !== winner.receiptNo && b.valid && b.price! >= winner.price!)
    .sort((a, b) => a.price! - b.price!)[0];
  if (!runnerUp) return null;
  const exact = ((runnerUp.price! - winner.price!) / winner.price!) * 100;
  const { belowPercent, abovePercent } = applied.value.runnerUpSpread;
  const direction = exact < belowPercent ? 'small' : exact > abovePercent ? 'large' : null;
  if (!direction) return null;
  return {
    flagId: 'runner-up-spread',
    evidence: {
      flag: 'runner-up-spread',
      winner: party(winner, true),
      runnerUp: party(runnerUp, true),
      percent: percentOf(runnerUp.price! - winner.price!, winner.price!),
      direction,
      below: belowPercent,
      above: abovePercent,
    },
    sources: ['opening-record', facts.award ? 'award' : 'evaluation'],
    supplierIds: [winner.supplierId, runnerUp.supplierId],
    rules: [applied.rule],
  };
}

export function othersDisqualified(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const bids = facts.opening?.outcome === 'opened' ? facts.opening.bids : [];
  const winner = bids.find((b) => b.receiptNo === winnerReceipt(facts));
  if (!winner) return null;
  const others = bids.filter((b) => b.receiptNo !== winner.receiptNo && b.supplierId !== winner.supplierId);
  const reasons = others.map((b) => disqualification(facts, b));
  if (others.length === 0 || reasons.some((r) => r === null)) return null;
  const parties = others.map((b, i) => ({ ...party(b), reason: reasons[i]! }));
  return {
    flagId: 'others-disqualified',
    evidence: { flag: 'others-disqualified', winner: party(winner), others: parties },
    sources: ['opening-record', 'evaluation'],
    supplierIds: suppliersOf([party(winner), ...parties]),
    rules: [applied.rule],
  };
}

/**
 * Under a price-only award the lowest bid should win unless it is disqualified. A bid left out
 * under the award floor rate is the rule working, not a disqualification: the lowest bid is the
 * lowest one not left out there.
 */
export function lowestDisqualified(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  if (facts.notice.evaluationMethod !== 'lowest-price') return null;
  const lowest = pricedBids(facts)
    .filter((b) => !facts.underFloor.includes(b.receiptNo))
    .sort((a, b) => a.price! - b.price! || a.receiptNo.localeCompare(b.receiptNo))[0];
  const reason = lowest ? disqualification(facts, lowest) : null;
  if (!lowest || !reason) return null;
  const winner = pricedBids(facts).find((b) => b.receiptNo === winnerReceipt(facts));
  return {
    flagId: 'lowest-disqualified',
    evidence: {
      flag: 'lowest-disqualified',
      lowest: { ...party(lowest, true), reason },
      winner: winner ? party(winner, true) : null,
    },
    sources: ['opening-record', 'evaluation'],
    supplierIds: suppliersOf([party(lowest), ...(winner ? [party(winner)] : [])]),
    rules: [applied.rule],
  };
}

export function amendmentIncrease(facts: TenderFacts, applied: Applied): ComputedFlag | null {
  const threshold = applied.value.amendmentIncreasePercent;
  const raised = facts.contracts
    .filter((c) => ((c.current - c.original) / c.original) * 100 > threshold)
    .map((c) => ({ ...c, percent: percentOf(c.current - c.original, c.original) }));
  if (raised.length === 0) return null;
  return {
    flagId: 'amendment-increase',
    evidence: { flag: 'amendment-increase', threshold, contracts: raised },
    sources: ['contract-amendments'],
    supplierIds: [],
    rules: [applied.rule],
  };
}

/** Every flag the tender raises under the thresholds applied. */
export function tenderFlags(facts: TenderFacts, applied: Applied): ComputedFlag[] {
  return [
    singleBidder(facts, applied),
    shortSubmissionPeriod(facts, applied),
    identicalPrices(facts, applied),
    nearEstimate(facts, applied),
    runnerUpSpread(facts, applied),
    othersDisqualified(facts, applied),
    lowestDisqualified(facts, applied),
    sameSource(facts, applied),
    sharedContact(facts, applied),
    amendmentIncrease(facts, applied),
    sharedOwner(facts, applied),
  ].filter((f): f is ComputedFlag => f !== null);
}
