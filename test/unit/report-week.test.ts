import assert from 'node:assert/strict';
import { currentWeek, isIsoWeek, isoWeekOf, reportWeek } from '../../server/callcenter/report-week.js';

describe('report weeks (ISO 8601)', () => {
  it('puts each day in its ISO week, across the turn of the year', () => {
    assert.equal(isoWeekOf('2026-12-07'), '2026-W50');
    assert.equal(isoWeekOf('2026-12-31'), '2026-W53');
    assert.equal(isoWeekOf('2027-01-03'), '2026-W53');
    assert.equal(isoWeekOf('2027-01-04'), '2027-W01');
    assert.equal(isoWeekOf('2024-12-30'), '2025-W01');
    assert.equal(isoWeekOf('2021-01-03'), '2020-W53');
  });

  it('knows which weeks exist', () => {
    assert.ok(isIsoWeek('2026-W53'));
    assert.ok(!isIsoWeek('2025-W53'));
    for (const bad of ['2026-W00', '2026-W54', '2026-49', '2026-W4', ' 2026-W49', '1999-W10'])
      assert.ok(!isIsoWeek(bad), bad);
  });

  it('bounds a week by midnights in the time zone, Monday first', () => {
    const week = reportWeek('2026-W49', 'Asia/Baghdad');
    assert.deepEqual(week.days, [
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    assert.equal(week.start.toISOString(), '2026-11-29T21:00:00.000Z');
    assert.equal(week.end.toISOString(), '2026-12-06T21:00:00.000Z');
    assert.equal(week.previous, '2026-W48');
    assert.equal(week.next, '2026-W50');
    assert.equal(reportWeek('2027-W01', 'UTC').previous, '2026-W53');
    assert.equal(reportWeek('2026-W53', 'UTC').next, '2027-W01');
  });

  it("finds the current week in the staff member's zone", () => {
    // Sunday 23:30 in UTC is already Monday in Seoul.
    const at = new Date('2026-12-06T23:30:00Z');
    assert.equal(currentWeek(at, 'UTC'), '2026-W49');
    assert.equal(currentWeek(at, 'Asia/Seoul'), '2026-W50');
  });
});
