import assert from 'node:assert/strict';
import { endOfDay, startOfDay, wallClockText } from '../../server/time/zone.js';

describe('wall clock in a tenant time zone', () => {
  it('writes an instant as the zone reads it, as a datetime-local field holds it', () => {
    assert.equal(wallClockText(new Date('2026-12-17T08:30:00Z'), 'Asia/Baghdad'), '2026-12-17T11:30');
    assert.equal(wallClockText(new Date('2026-12-17T20:30:00Z'), 'Asia/Seoul'), '2026-12-18T05:30');
    assert.equal(wallClockText(new Date('2026-12-17T08:30:00Z'), 'UTC'), '2026-12-17T08:30');
  });

  it('starts and ends a calendar day at midnight there', () => {
    assert.equal(startOfDay('2026-12-17', 'Asia/Baghdad').toISOString(), '2026-12-16T21:00:00.000Z');
    assert.ok(endOfDay('2026-12-17', 'Asia/Baghdad').getTime() > startOfDay('2026-12-17', 'Asia/Baghdad').getTime());
  });
});
