import assert from 'node:assert/strict';
import path from 'node:path';
import { addendumDates, outageDates, type MovedDates } from '../../server/regulations/deadline-rules.js';
import { loadTenantConfigs } from '../../server/tenancy/configs.js';
import { assertSlug } from '../../server/tenancy/slug.js';

const korea = loadTenantConfigs(path.resolve('tenants')).get(assertSlug('korea'))!;
const kurdistan = loadTenantConfigs(path.resolve('tenants')).get(assertSlug('kurdistan'))!;
const seoul = (local: string) => new Date(`${local}+09:00`);
const baghdad = (local: string) => new Date(`${local}+03:00`);

function moved(result: ReturnType<typeof addendumDates>): MovedDates {
  assert.ok(!Array.isArray(result), JSON.stringify(result));
  return result;
}

describe('dates moved by addenda and outages', () => {
  // korea: addendum-lead-time 5 working days, extend by 5; outage-extension 1 working day.
  const current = { deadline: seoul('2026-09-10T10:00'), opening: seoul('2026-09-10T14:00') };

  it('extends a deadline the officer left too close to at least 5 working days after the addendum', () => {
    const result = moved(
      addendumDates(korea, seoul('2026-09-08T10:00'), current, { deadline: seoul('2026-09-12T09:30') }),
    );
    // Saturday 12 asked; Tuesday 15 is the fifth working day after Tuesday 8; the asked time of day stays.
    assert.equal(result.deadline.toISOString(), seoul('2026-09-15T09:30').toISOString());
    assert.equal(result.opening.toISOString(), seoul('2026-09-15T13:30').toISOString());
    assert.equal(result.extendedByRule, true);
    assert.deepEqual(result.rules, ['addendum-lead-time v1', 'deadline-on-non-working-day v1']);
  });

  it('keeps a deadline the officer moved far enough, and an opening given after it', () => {
    const result = moved(
      addendumDates(korea, seoul('2026-09-08T10:00'), current, {
        deadline: seoul('2026-09-16T10:00'),
        opening: seoul('2026-09-17T10:00'),
      }),
    );
    assert.equal(result.deadline.toISOString(), seoul('2026-09-16T10:00').toISOString());
    assert.equal(result.opening.toISOString(), seoul('2026-09-17T10:00').toISOString());
    assert.equal(result.extendedByRule, false);
  });

  it('changes nothing for an addendum 5 working days or more before the deadline', () => {
    const result = moved(addendumDates(korea, seoul('2026-09-03T10:00'), current, {}));
    assert.equal(result.deadline.toISOString(), current.deadline.toISOString());
    assert.equal(result.opening.toISOString(), current.opening.toISOString());
    assert.deepEqual(result.rules, ['addendum-lead-time v1']);
  });

  it('refuses a deadline brought forward, one in the past, and an opening before the deadline', () => {
    const at = seoul('2026-09-03T10:00');
    const fields = (r: ReturnType<typeof addendumDates>) => (Array.isArray(r) ? r.map((p) => p.key) : []);
    assert.deepEqual(fields(addendumDates(korea, at, current, { deadline: seoul('2026-09-09T10:00') })), [
      'addenda:deadline_earlier',
    ]);
    assert.deepEqual(fields(addendumDates(korea, at, current, { deadline: seoul('2026-09-02T10:00') })), [
      'addenda:deadline_in_past',
    ]);
    assert.deepEqual(fields(addendumDates(korea, at, current, { opening: seoul('2026-09-10T09:00') })), [
      'notices:opening_before_deadline',
    ]);
  });

  it('moves a deadline inside an outage to a working day after its end, keeping the gap to the opening', () => {
    // An outage ending on Friday 11 September: one working day later is Monday 14.
    const result = outageDates(korea, seoul('2026-09-11T18:00'), {
      deadline: seoul('2026-09-11T10:00'),
      opening: seoul('2026-09-11T14:00'),
    })!;
    assert.equal(result.deadline.toISOString(), seoul('2026-09-14T10:00').toISOString());
    assert.equal(result.opening.toISOString(), seoul('2026-09-14T14:00').toISOString());
    assert.deepEqual(result.rules, ['outage-extension v1', 'deadline-on-non-working-day v1']);
  });

  it("counts in the tenant's own working week (Friday and Saturday off in Kurdistan)", () => {
    // Ends on Thursday 10 September 2026 in Baghdad: the next working day is Sunday 13.
    const result = outageDates(kurdistan, baghdad('2026-09-10T12:00'), {
      deadline: baghdad('2026-09-10T11:00'),
      opening: baghdad('2026-09-10T11:00'),
    })!;
    assert.equal(result.deadline.toISOString(), baghdad('2026-09-13T11:00').toISOString());
  });
});
