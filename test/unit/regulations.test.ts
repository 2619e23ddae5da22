import assert from 'node:assert/strict';
import path from 'node:path';
import { addPeriod, moveOffNonWorkingDay, workingCalendar } from '../../server/regulations/calendar.js';
import { directContract, noticePeriod } from '../../server/regulations/decisions.js';
import { contractDeposit, percentOf } from '../../server/regulations/deposits.js';
import { ruleAt, ruleReference } from '../../server/regulations/lookup.js';
import { drawCandidates, reservePrice } from '../../server/regulations/reserve-price.js';
import { loadTenantConfigs, parseTenantConfig } from '../../server/tenancy/configs.js';
import { assertSlug } from '../../server/tenancy/slug.js';

const configs = loadTenantConfigs(path.resolve('tenants'));
const korea = configs.get(assertSlug('korea'))!;
const kurdistan = configs.get(assertSlug('kurdistan'))!;

// Instants around the end of the Korean special measures (30 June 2026, Asia/Seoul = UTC+9).
const LAST_SPECIAL_MS = new Date('2026-06-30T14:59:59.999Z');
const FIRST_NORMAL_MS = new Date('2026-06-30T15:00:00.000Z');
const BEFORE_SPECIAL = new Date('2025-11-30T14:59:59.999Z');
const FIRST_SPECIAL = new Date('2025-11-30T15:00:00.000Z');

describe('regulations', () => {
  describe('korean special measures switch on and off by date', () => {
    const cases: [string, Date, { deposit: number; failed: number; goodsDays: number; label: string }][] = [
      [
        'the last millisecond before they start',
        BEFORE_SPECIAL,
        { deposit: 10, failed: 2, goodsDays: 7, label: 'contract-deposit v1' },
      ],
      [
        'their first millisecond',
        FIRST_SPECIAL,
        { deposit: 5, failed: 1, goodsDays: 5, label: 'contract-deposit v2, special measures' },
      ],
      [
        'their last millisecond (30 June, 23:59:59.999 in Seoul)',
        LAST_SPECIAL_MS,
        { deposit: 5, failed: 1, goodsDays: 5, label: 'contract-deposit v2, special measures' },
      ],
      [
        'the first millisecond after (1 July in Seoul)',
        FIRST_NORMAL_MS,
        { deposit: 10, failed: 2, goodsDays: 7, label: 'contract-deposit v1' },
      ],
    ];
    for (const [when, at, expected] of cases) {
      it(`applies the right versions at ${when}`, () => {
        const deposit = contractDeposit(korea, at, 1_000_000_000);
        assert.equal(deposit.percent, expected.deposit);
        assert.deepEqual(deposit.rules, [expected.label]);
        assert.equal(ruleAt(korea, 'failed-attempts-before-direct', at)!.value.count, expected.failed);
        assert.equal(
          noticePeriod(korea, at, { category: 'goods', competition: 'domestic', estimatedValue: 300_000_000 }).days,
          expected.goodsDays,
        );
      });
    }
  });

  describe('notice periods by category, value and competition', () => {
    const at = new Date('2026-09-01T01:00:00Z');
    const table: [string, Parameters<typeof noticePeriod>[2], number][] = [
      ['goods, domestic', { category: 'goods', competition: 'domestic', estimatedValue: 10_000_000 }, 7],
      ['works under 1 bn won', { category: 'works', competition: 'domestic', estimatedValue: 999_999_999 }, 7],
      ['works from 1 bn won', { category: 'works', competition: 'domestic', estimatedValue: 1_000_000_000 }, 15],
      ['works from 5 bn won', { category: 'works', competition: 'domestic', estimatedValue: 5_000_000_000 }, 40],
      ['any international competition', { category: 'services', competition: 'international', estimatedValue: 1 }, 40],
    ];
    for (const [what, facts, days] of table) {
      it(`korea: ${what} → ${days} days, naming the rule`, () => {
        const period = noticePeriod(korea, at, facts);
        assert.equal(period.days, days);
        assert.ok(period.rules.includes('notice-period v1'));
      });
    }

    it('moves a deadline off the Kurdish weekend (Friday and Saturday)', () => {
      // Published Tuesday 17 March 2026 in Erbil; 10 calendar days ends Friday 27 March.
      const period = noticePeriod(kurdistan, new Date('2026-03-17T09:00:00Z'), {
        category: 'goods',
        competition: 'domestic',
        estimatedValue: 1,
      });
      assert.equal(period.earliestDeadline, '2026-03-29');
    });
  });

  describe('the working calendar', () => {
    const calendar = workingCalendar(kurdistan);
    it('knows the weekend and the dated holidays of the config', () => {
      assert.equal(calendar.isWorkingDay('2026-03-20'), false); // Friday (and Eid al-Fitr)
      assert.equal(calendar.isWorkingDay('2026-03-22'), false); // Sunday, Newroz holiday
      assert.equal(calendar.isWorkingDay('2026-03-23'), true);
      assert.equal(calendar.holidayName('2026-03-21'), 'Newroz');
    });
    it('counts business days over weekends and holidays', () => {
      // From Thursday 19 March: 20–22 are weekend or holidays; 23, 24, 25 count.
      assert.equal(addPeriod(calendar, '2026-03-19', 3, 'business'), '2026-03-25');
      assert.equal(addPeriod(calendar, '2026-03-19', 3, 'calendar'), '2026-03-22');
      assert.equal(moveOffNonWorkingDay(calendar, '2026-03-20', 'previous-working-day'), '2026-03-19');
    });
    it("uses the date-holidays package's public holidays for Korea", () => {
      assert.equal(workingCalendar(korea).isWorkingDay('2026-10-09'), false); // Hangul Day
    });
  });

  describe('direct contracts', () => {
    const normal = FIRST_NORMAL_MS;
    const table: [string, Parameters<typeof directContract>[2], Date, boolean, string?][] = [
      [
        'goods of 50 M won (small value)',
        { category: 'goods', estimatedValue: 50_000_000, failedAttempts: 0 },
        normal,
        true,
        'small-value',
      ],
      [
        'goods of 50,000,001 won without a failed tender',
        { category: 'goods', estimatedValue: 50_000_001, failedAttempts: 0 },
        normal,
        false,
      ],
      [
        'general construction of 200 M won',
        { category: 'works', subcategory: 'general', estimatedValue: 200_000_000, failedAttempts: 0 },
        normal,
        true,
        'small-value',
      ],
      [
        'specialist construction of 150 M won after one failure, normal rules',
        { category: 'works', subcategory: 'specialist', estimatedValue: 150_000_000, failedAttempts: 1 },
        normal,
        false,
      ],
      [
        'the same under the special measures',
        { category: 'works', subcategory: 'specialist', estimatedValue: 150_000_000, failedAttempts: 1 },
        LAST_SPECIAL_MS,
        true,
        'failed-attempts',
      ],
      [
        'after two failures, normal rules',
        { category: 'works', subcategory: 'specialist', estimatedValue: 150_000_000, failedAttempts: 2 },
        normal,
        true,
        'failed-attempts',
      ],
    ];
    for (const [what, facts, at, allowed, reason] of table) {
      it(`${allowed ? 'allows' : 'refuses'} ${what}`, () => {
        const verdict = directContract(korea, at, facts);
        assert.equal(verdict.allowed, allowed);
        if (verdict.allowed) assert.equal(verdict.reason, reason);
        else assert.equal(verdict.failedAttemptsNeeded, 2);
      });
    }
  });

  it('rounds percentages of minor units up, never short', () => {
    assert.equal(percentOf(1_000_001, 10), 100_001);
    assert.equal(percentOf(1_000_000, 87.745), 877_450);
    assert.equal(percentOf(3, 5), 1);
  });

  describe('multiple reserve prices', () => {
    const rule = ruleAt(korea, 'reserve-price', FIRST_NORMAL_MS)!.value;
    if (rule.method !== 'multiple') throw new Error('korea uses multiple reserve prices');
    it('draws 15 candidates within ±2 % of the base amount', () => {
      const candidates = drawCandidates(100_000_000, rule);
      assert.equal(candidates.length, 15);
      assert.ok(candidates.every((c) => c >= 98_000_000 && c <= 102_000_000 && Number.isInteger(c)));
    });
    const candidates = Array.from({ length: 15 }, (_, i) => 98_000_000 + i * 250_000);
    it('averages the four most-picked candidates, equal counts going to the lower number', () => {
      // Counts: #3 ×3, #7 ×2, #1 ×1, #2 ×1, #9 ×1 → #3, #7, then #1 and #2 (lower numbers win the tie with #9).
      const result = reservePrice(
        candidates,
        [
          [3, 7],
          [3, 7],
          [3, 1],
          [2, 9],
        ],
        rule,
      );
      assert.deepEqual(result.chosen, [3, 7, 1, 2]);
      assert.equal(result.reservePrice, Math.floor((98_500_000 + 99_500_000 + 98_000_000 + 98_250_000) / 4));
      assert.equal(result.counts[2], 3);
    });
    it('averages what was picked when fewer than four candidates were', () => {
      const result = reservePrice(candidates, [[5, 5]], rule);
      assert.deepEqual(result.chosen, [5]);
      assert.equal(result.reservePrice, candidates[4]);
    });
    it('ignores picks outside 1..15', () => {
      assert.deepEqual(reservePrice(candidates, [[0, 16, 2]], rule).chosen, [2]);
    });
  });

  describe('rule files', () => {
    const base = `slug: sample\ncountry: IQ\nnames: { en: Sample }\nlocales: { default: en, supported: [en] }\ncurrency: IQD\ntimeZone: Asia/Baghdad\nweekend: [fri, sat]\n`;
    it('refuses an unknown rule', () => {
      assert.throws(
        () =>
          parseTenantConfig(
            'tenants/sample.yaml',
            `${base}regulations:\n  rules:\n    - { id: lucky-number, version: 1, effectiveFrom: "2026-01-01", source: assumption, value: 7 }\n`,
          ),
        /regulations\.rules\.0\.id: is not a rule/,
      );
    });
    it('refuses a value of the wrong shape, naming the field', () => {
      assert.throws(
        () =>
          parseTenantConfig(
            'tenants/sample.yaml',
            `${base}regulations:\n  rules:\n    - { id: contract-deposit, version: 1, effectiveFrom: "2026-01-01", source: assumption, value: { percent: "ten" } }\n`,
          ),
        /regulations\.rules\.0\.value\.percent/,
      );
    });
    it('refuses the same version twice', () => {
      const rule =
        '    - { id: bid-security, version: 1, effectiveFrom: "2026-01-01", source: assumption, value: { percent: 5 } }\n';
      assert.throws(
        () => parseTenantConfig('tenants/sample.yaml', `${base}regulations:\n  rules:\n${rule}${rule}`),
        /bid-security v1 appears twice/,
      );
    });
    it('names decisions by rule and version', () => {
      assert.equal(
        ruleReference({ id: 'notice-period', version: 2, label: 'special measures' }),
        'notice-period v2, special measures',
      );
    });
  });
});
