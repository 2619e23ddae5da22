/**
 * The red flags' pure rules on plain data: what raises each tender and supplier flag, what does
 * not, and that nothing price-based comes from a tender whose opening published no prices.
 */
import assert from 'node:assert/strict';
import { normaliseAddress, normaliseEmail, normalisePhone } from '../../server/integrity/normalise.js';
import { supplierFlags, type SupplierFacts } from '../../server/integrity/rules-supplier.js';
import { tenderFlags, type OpenedBidFact, type TenderFacts } from '../../server/integrity/rules-tender.js';
import type { RedFlagThresholds } from '../../server/regulations/red-flags.js';

const thresholds: RedFlagThresholds = {
  submissionPeriod: [{ category: 'works', days: 15 }, { days: 10 }],
  nearEstimatePercent: 95,
  runnerUpSpread: { belowPercent: 1, abovePercent: 30 },
  habitualLoser: { minBids: 3, windowDays: 365, maxWinPercent: 10 },
  captiveSupplier: { minWins: 2, windowDays: 730 },
  amendmentIncreasePercent: 20,
};
const applied = { value: thresholds, rule: 'red-flags v1' };
const DAY = 86_400_000;
const published = new Date('2026-09-01T01:00:00Z');

const bid = (n: number, price: number | null, extra: Partial<OpenedBidFact> = {}): OpenedBidFact => ({
  receiptNo: `R-${n}`,
  supplierId: `s${n}`,
  name: { en: `Supplier ${n}` },
  lot: 0,
  price,
  valid: true,
  ...extra,
});

function tender(overrides: Partial<TenderFacts> = {}): TenderFacts {
  return {
    notice: {
      id: 'n1',
      method: 'open',
      evaluationMethod: 'lowest-price',
      category: 'goods',
      estimatedPrice: 100_000_000,
      publishedAt: published,
      submissionDeadline: new Date(published.getTime() + 12 * DAY),
    },
    opening: { outcome: 'opened', bids: [bid(1, 90_000_000), bid(2, 95_000_000)], sameSource: [] },
    award: { receiptNo: 'R-1', amount: 90_000_000 },
    resultWinner: 'R-1',
    failedReviews: [],
    underFloor: [],
    contacts: [],
    contracts: [],
    ...overrides,
  };
}

const ids = (facts: TenderFacts) => tenderFlags(facts, applied).map((f) => f.flagId);

describe('integrity rules', () => {
  it('raises nothing on an ordinary tender', () => {
    assert.deepEqual(ids(tender()), []);
  });

  it('flags one bidder in an open tender, not in a direct one', () => {
    const opening = { outcome: 'failed' as const, bids: [bid(1, 90_000_000)], sameSource: [] };
    assert.deepEqual(ids(tender({ opening, award: null, resultWinner: null })), ['single-bidder']);
    const direct = tender({ opening, award: null, resultWinner: null });
    direct.notice.method = 'direct';
    assert.deepEqual(ids(direct), []);
  });

  it('measures the submission period against the category’s norm', () => {
    const short = tender();
    short.notice.submissionDeadline = new Date(published.getTime() + 9.5 * DAY);
    const [flag] = tenderFlags(short, applied);
    assert.deepEqual(flag!.evidence, {
      flag: 'short-submission-period',
      publishedAt: published.toISOString(),
      deadline: short.notice.submissionDeadline.toISOString(),
      days: 9.5,
      normDays: 10,
      category: 'goods',
    });
    const works = tender();
    works.notice.category = 'works';
    assert.deepEqual(ids(works), ['short-submission-period']);
  });

  it('takes no price-based flag from a failed opening or sealed prices', () => {
    const same = [bid(1, 90_000_000), bid(2, 90_000_000)];
    assert.deepEqual(ids(tender({ opening: { outcome: 'opened', bids: same, sameSource: [] } })), [
      'identical-prices',
      'runner-up-spread',
    ]);
    assert.deepEqual(ids(tender({ opening: { outcome: 'failed', bids: same, sameSource: [] }, award: null })), []);
    const sealed = [bid(1, null), bid(2, null)];
    assert.deepEqual(ids(tender({ opening: { outcome: 'opened', bids: sealed, sameSource: [] }, award: null })), []);
  });

  it('flags a winner at 95–100 % of the estimate only', () => {
    const at = (amount: number) =>
      ids(
        tender({
          opening: { outcome: 'opened', bids: [bid(1, amount), bid(2, amount * 1.1)], sameSource: [] },
          award: { receiptNo: 'R-1', amount },
        }),
      );
    assert.deepEqual(at(96_000_000), ['near-estimate']);
    assert.deepEqual(at(94_000_000), []);
    assert.deepEqual(at(101_000_000), []);
  });

  it('flags the runner-up too close or too far, by percent of the winning price', () => {
    const spread = (second: number) =>
      tenderFlags(
        tender({ opening: { outcome: 'opened', bids: [bid(1, 80_000_000), bid(2, second)], sameSource: [] } }),
        applied,
      ).find((f) => f.flagId === 'runner-up-spread')?.evidence;
    assert.equal((spread(80_500_000) as { direction: string }).direction, 'small');
    assert.equal((spread(110_000_000) as { direction: string }).direction, 'large');
    assert.equal(spread(90_000_000), undefined);
  });

  it('flags disqualifications around the winner; the award floor is not one', () => {
    const bids = [bid(1, 85_000_000), bid(2, 90_000_000), bid(3, 95_000_000, { valid: false })];
    const base = { opening: { outcome: 'opened' as const, bids, sameSource: [] }, resultWinner: 'R-2', award: null };
    assert.deepEqual(ids(tender({ ...base, failedReviews: ['R-1'] })), ['others-disqualified', 'lowest-disqualified']);
    assert.deepEqual(ids(tender({ ...base, underFloor: ['R-1'] })), []);
    const negotiated = tender({ ...base, failedReviews: ['R-1'] });
    negotiated.notice.evaluationMethod = 'negotiated';
    assert.deepEqual(ids(negotiated), ['others-disqualified']);
  });

  it('reads same-source groups from the opening and shared contacts between bidders', () => {
    const facts = tender({
      opening: {
        outcome: 'opened',
        bids: [bid(1, 90_000_000), bid(2, 95_000_000)],
        sameSource: [{ kind: 'same-device', receipts: ['R-1', 'R-2'] }],
      },
      contacts: [
        { supplierId: 's1', email: 'a@x.test', phone: '0255501990', address: null },
        { supplierId: 's2', email: 'b@x.test', phone: '0255501990', address: null },
        { supplierId: 's9', email: 'a@x.test', phone: null, address: null },
      ],
    });
    const flags = tenderFlags(facts, applied);
    assert.deepEqual(
      flags.map((f) => f.flagId),
      ['same-source', 'shared-contact'],
    );
    assert.deepEqual(flags[1]!.evidence, {
      flag: 'shared-contact',
      groups: [
        {
          kind: 'phone',
          suppliers: [
            { supplierId: 's1', name: { en: 'Supplier 1' } },
            { supplierId: 's2', name: { en: 'Supplier 2' } },
          ],
        },
      ],
    });
  });

  it('flags amendments past the threshold of the signed value', () => {
    const contract = (current: number) => ({ contractNo: 'C-1', current, original: 100, amendments: [1] });
    assert.deepEqual(ids(tender({ contracts: [contract(121)] })), ['amendment-increase']);
    assert.deepEqual(ids(tender({ contracts: [contract(120)] })), []);
  });

  it('normalises contacts and ignores placeholders', () => {
    assert.equal(normaliseEmail('  Info@Example.TEST '), 'info@example.test');
    assert.equal(normalisePhone('+00 000 0000'), null);
    assert.equal(normalisePhone('(02) 555-0199'), normalisePhone('02 555 0199'));
    assert.equal(normaliseAddress('12, Harbour  ROAD'), normaliseAddress('12 harbour road'));
  });

  it('flags habitual losers and captive suppliers', () => {
    const facts = (wins: boolean[], agencies: string[]): SupplierFacts => ({
      supplierId: 's1',
      decidedBids: wins.map((won, i) => ({ noticeNo: `N-${i}`, won })),
      wins: agencies.map((agencyId, i) => ({ noticeNo: `W-${i}`, agencyId, agencyName: { en: agencyId } })),
    });
    const flagged = (f: SupplierFacts) => supplierFlags(f, applied).map((x) => x.flagId);
    assert.deepEqual(flagged(facts([false, false, false], [])), ['habitual-loser']);
    assert.deepEqual(flagged(facts([false, false, true], [])), []);
    assert.deepEqual(flagged(facts([false, false], [])), []);
    assert.deepEqual(flagged(facts([], ['A', 'A'])), ['captive-supplier']);
    assert.deepEqual(flagged(facts([], ['A', 'B'])), []);
    assert.deepEqual(flagged(facts([], ['A'])), []);
  });
});
