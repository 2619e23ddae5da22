import assert from 'node:assert/strict';
import { monthlyProgress, targetLine, targetProgress, type Milestone } from '../../server/targets/progress.js';
import { isoWeek } from '../../server/targets/target-warnings-job.js';

const june: Milestone = { dueOn: '2026-06-30', percent: 60, rule: 'execution-targets v1' };
const december: Milestone = { dueOn: '2026-12-31', percent: 95, rule: 'execution-target DEMO 2026-12-31 v1' };

describe('budget execution targets: progress', () => {
  it('draws the target line from nothing on 1 January to each milestone, level after the last', () => {
    assert.equal(targetLine(2026, [june], '2025-12-31'), 0);
    assert.equal(targetLine(2026, [june], '2026-06-30'), 60);
    assert.ok(Math.abs(targetLine(2026, [june], '2026-03-31') - (60 * 90) / 181) < 1e-9);
    assert.equal(targetLine(2026, [june], '2026-09-01'), 60);
    // Between milestones the line climbs from one to the next.
    assert.ok(Math.abs(targetLine(2026, [december, june], '2026-09-30') - (60 + (35 * 92) / 184)) < 1e-9);
  });

  it('calls a milestone met once the ordered value reaches it, even before its date', () => {
    const p = targetProgress({ year: 2026, asOf: '2026-04-01', planned: 1000, ordered: 600, milestones: [june] });
    assert.equal(p.current?.status, 'met');
    assert.equal(p.current?.targetValue, 600);
    assert.equal(p.orderedPercent, 60);
  });

  it('tells on track from behind by the target line, and missed after the date', () => {
    const at = (asOf: string, ordered: number) =>
      targetProgress({ year: 2026, asOf, planned: 1000, ordered, milestones: [june, december] });
    // 31 March: the line stands near 29.8 %.
    assert.equal(at('2026-03-31', 300).current?.status, 'on-track');
    assert.equal(at('2026-03-31', 200).current?.status, 'behind');
    const july = at('2026-07-01', 500);
    assert.deepEqual(
      july.milestones.map((m) => m.status),
      ['missed', 'behind'],
    );
    assert.equal(july.current?.dueOn, '2026-12-31');
    // After the last milestone the current one is the last.
    assert.equal(at('2027-01-05', 950).current?.status, 'met');
  });

  it('has nothing to order without a planned value', () => {
    const p = targetProgress({ year: 2026, asOf: '2026-03-01', planned: 0, ordered: 0, milestones: [june] });
    assert.equal(p.orderedPercent, 0);
    assert.equal(p.current?.status, 'met');
  });

  it('sums the orders month by month up to the date, none after it', () => {
    const months = monthlyProgress({
      year: 2026,
      asOf: '2026-03-15',
      planned: 1000,
      orders: [
        { day: '2026-01-10', value: 100 },
        { day: '2026-03-15', value: 200 },
        { day: '2026-03-20', value: 999 },
      ],
      milestones: [june],
    });
    assert.equal(months.length, 12);
    assert.deepEqual(
      months.slice(0, 4).map((m) => [m.date, m.ordered]),
      [
        ['2026-01-31', 10],
        ['2026-02-28', 10],
        ['2026-03-15', 30],
        ['2026-04-30', null],
      ],
    );
    assert.equal(months[5]!.target, 60);
  });

  it('numbers ISO weeks so a warning is sent once a week', () => {
    assert.equal(isoWeek('2026-01-01'), '2026-W01');
    assert.equal(isoWeek('2026-06-01'), '2026-W23');
    assert.equal(isoWeek('2026-06-07'), '2026-W23');
    assert.equal(isoWeek('2026-06-08'), '2026-W24');
    assert.equal(isoWeek('2027-01-01'), '2026-W53');
  });
});
