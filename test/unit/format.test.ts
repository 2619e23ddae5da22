import assert from 'node:assert/strict';
import {
  formatDateTime,
  formatList,
  formatMoney,
  formatNumber,
  intlLocale,
  relativeTime,
  timeZoneName,
  weekdayNames,
} from '../../server/i18n/format.js';
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

  it('names a time zone in the reader language', () => {
    assert.equal(timeZoneName('Asia/Seoul', 'ko'), '한국 표준시');
    assert.equal(timeZoneName('Asia/Baghdad', 'ar'), 'التوقيت العربي الرسمي');
    assert.equal(timeZoneName('Asia/Dili', 'tet'), timeZoneName('Asia/Dili', 'pt'));
  });

  it('joins a list as the reader language does, with no English or Portuguese word where ICU has none', () => {
    assert.equal(formatList(['Friday', 'Saturday'], 'en'), 'Friday and Saturday');
    assert.equal(formatList(['الجمعة', 'السبت'], 'ar'), 'الجمعة والسبت');
    assert.equal(formatList(['토요일', '일요일'], 'ko'), '토요일 및 일요일');
    assert.equal(formatList(['هەینی', 'شەممە'], 'ckb'), 'هەینی، شەممە');
    assert.equal(formatList(['Sesta', 'Sábadu'], 'tet'), 'Sesta, Sábadu');
    assert.equal(formatList(['Goods', 'Works', 'Services'], 'en'), 'Goods, Works, and Services');
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

  it('says how far a deadline is in the reader language, with the tenant digits', () => {
    const from = new Date('2026-09-01T00:00:00Z');
    assert.equal(relativeTime(new Date('2026-09-04T00:00:00Z'), from, 'en'), 'in 3 days');
    assert.equal(relativeTime(new Date('2026-08-31T22:00:00Z'), from, 'en'), '2 hours ago');
    assert.equal(relativeTime(new Date('2026-09-04T00:00:00Z'), from, 'ar', 'arab'), 'خلال ٣ أيام');
    assert.equal(relativeTime(new Date('2026-09-04T00:00:00Z'), from, 'tet'), 'em 3 dias');
    assert.equal(relativeTime(new Date('2026-09-04T00:00:00Z'), from, 'ckb', 'arab'), 'لە ماوەی ٣ ڕۆژدا');
    assert.equal(relativeTime(new Date('2026-08-31T22:00:00Z'), from, 'ckb', 'latn'), '2 کاتژمێر لەمەوبەر');
  });

  it('formats amounts and numbers in the tenant currency and digits', () => {
    assert.equal(formatMoney(1_500_000, 'IQD', 'ckb', 'arab').includes('١٬٥٠٠٬٠٠٠'), true);
    assert.equal(formatNumber(1234567, 'vi'), '1.234.567');
    assert.equal(formatNumber(1234567, 'ar', 'latn'), '1,234,567');
  });
});
