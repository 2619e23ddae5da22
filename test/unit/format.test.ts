import assert from 'node:assert/strict';
import { formatDateTime, intlLocale, weekdayNames } from '../../server/i18n/format.js';
import { directionOf } from '../../server/i18n/languages.js';
import { clockSettings, fixedClock } from '../../server/time/clock.js';

describe('formats and clocks', () => {
  it('formats Tetum as Portuguese on purpose (no Tetum data in ICU)', () => {
    const at = new Date('2026-11-28T03:00:00Z');
    assert.equal(formatDateTime(at, 'tet', 'Asia/Dili', 'latn'), formatDateTime(at, 'pt', 'Asia/Dili', 'latn'));
    assert.equal(intlLocale('tet'), 'pt-u-nu-latn');
  });

  it('states the numbering system explicitly for Arabic-script languages', () => {
    const at = new Date('2026-11-28T03:00:00Z');
    assert.match(formatDateTime(at, 'ar', 'Asia/Baghdad', 'latn'), /2026/);
    assert.match(formatDateTime(at, 'ar', 'Asia/Baghdad', 'arab'), /٢٠٢٦/);
  });

  it('names the weekend in the reader language', () => {
    assert.deepEqual(weekdayNames(['fri', 'sat'], 'en'), ['Friday', 'Saturday']);
    assert.deepEqual(weekdayNames(['sat', 'sun'], 'ko'), ['토요일', '일요일']);
  });

  it('writes Central Kurdish and Arabic right to left', () => {
    assert.equal(directionOf('ckb'), 'rtl');
    assert.equal(directionOf('ar'), 'rtl');
    assert.equal(directionOf('km'), 'ltr');
  });

  it('turns a fixed clock into the transaction-local settings app_now() reads', () => {
    assert.deepEqual(clockSettings(fixedClock('2026-06-30T14:59:59.999Z')), {
      now: '2026-06-30T14:59:59.999Z',
      offsetMs: '0',
    });
    assert.deepEqual(clockSettings({ kind: 'offset', ms: -86_400_000 }), { now: '', offsetMs: '-86400000' });
    assert.deepEqual(clockSettings({ kind: 'database' }), { now: '', offsetMs: '0' });
  });
});
