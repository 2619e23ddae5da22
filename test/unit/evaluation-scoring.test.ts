import assert from 'node:assert/strict';
import { lowestPriceOrder, negotiatedTable, technicalAverage } from '../../server/procurement/evaluation/scoring.js';

describe('evaluation arithmetic', () => {
  it('averages technical totals, dropping the highest and lowest only from the rule threshold up', () => {
    assert.deepEqual(technicalAverage([70, 80, 90], 5), { average: 80, dropped: [] });
    assert.deepEqual(technicalAverage([60, 70, 80, 90, 100], 5), { average: 80, dropped: [60, 100] });
    assert.deepEqual(technicalAverage([71, 72, 74], null), { average: 72.333, dropped: [] });
  });

  it('scores a negotiated tender: technical, price, differential points by technical rank, total, rank', () => {
    const bid = (id: string, price: number, totals: number[], at = '2026-09-01T00:00:00Z') => ({
      bidId: id,
      receiptNo: `R-${id}`,
      supplierName: id,
      price,
      submittedAt: at,
      evaluatorTotals: totals,
    });
    const rows = negotiatedTable(
      [bid('a', 100, [90, 80]), bid('b', 80, [70, 70]), bid('c', 90, [85, 85]), bid('d', 120, [60, 70])],
      {
        weights: { technical: 80, price: 20 },
        technicalMax: 100,
        dropExtremesFrom: null,
        differential: { max: 3, byRank: [3, 2, 1] },
        tieBreak: ['technical', 'price', 'receipt'],
      },
    );
    // a: 85/100·80 = 68, 80/100·20 = 16, rank 1 technically → +3 = 87
    // c: 85 → 68, 80/90·20 = 17.778, tied first technically → +3 = 88.778
    // b: 70 → 56, 20, third → +1 = 77;  d: 65 → 52, 80/120·20 = 13.333, fourth → 0 = 65.333
    assert.deepEqual(
      rows.map((r) => [
        r.bidId,
        r.technicalScore,
        r.priceScore,
        r.technicalRank,
        r.differentialPoints,
        r.total,
        r.rank,
      ]),
      [
        ['c', 68, 17.778, 1, 3, 88.778, 1],
        ['a', 68, 16, 1, 3, 87, 2],
        ['b', 56, 20, 3, 1, 77, 3],
        ['d', 52, 13.333, 4, 0, 65.333, 4],
      ],
    );
  });

  it('breaks equal totals by the stated order', () => {
    const rows = negotiatedTable(
      [
        {
          bidId: 'x',
          receiptNo: 'R-2',
          supplierName: 'x',
          price: 100,
          submittedAt: '2026-09-02',
          evaluatorTotals: [50],
        },
        {
          bidId: 'y',
          receiptNo: 'R-1',
          supplierName: 'y',
          price: 100,
          submittedAt: '2026-09-01',
          evaluatorTotals: [50],
        },
      ],
      {
        weights: { technical: 80, price: 20 },
        technicalMax: 100,
        dropExtremesFrom: null,
        differential: { max: 0, byRank: [] },
        tieBreak: ['technical', 'price', 'receipt'],
      },
    );
    assert.deepEqual(
      rows.map((r) => r.bidId),
      ['y', 'x'],
    );
  });

  it('excludes bids below the award floor rate and orders the rest by price', () => {
    const rows = lowestPriceOrder(
      [
        { bidId: 'a', receiptNo: 'a', supplierName: 'a', price: 87_744, submittedAt: '1' },
        { bidId: 'b', receiptNo: 'b', supplierName: 'b', price: 87_745, submittedAt: '2' },
        { bidId: 'c', receiptNo: 'c', supplierName: 'c', price: 90_000, submittedAt: '3' },
      ],
      100_000,
      87.745,
    );
    assert.deepEqual(
      rows.map((r) => [r.bidId, r.excluded, r.position, r.ratio]),
      [
        ['a', true, null, 87.744],
        ['b', false, 1, 87.745],
        ['c', false, 2, 90],
      ],
    );
  });
});
