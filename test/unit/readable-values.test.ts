import assert from 'node:assert/strict';
import { readableOptions } from '../../server/i18n/readable-values.js';

const ERBIL = { config: { timeZone: 'Asia/Baghdad', numberingSystem: 'latn' as const } };
const names = (id: string, version: string) =>
  id === 'notice-period' ? `Notice period (version ${version})` : undefined;

describe('placeholder values made readable', () => {
  it('writes an instant in the tenant time zone and a calendar date as a day, never ISO', () => {
    const out = readableOptions({ opening: '2026-12-17T08:30:00.000Z', until: '2027-03-01' }, 'en', ERBIL);
    assert.equal(out.opening, 'Thursday, December 17, 2026 at 11:30 AM');
    assert.equal(out.until, 'March 1, 2027');
  });

  it('names rule references and keeps an unknown one as it is', () => {
    const out = readableOptions(
      { rule: 'notice-period v1', rules: 'notice-period v2, other-rule v1' },
      'en',
      ERBIL,
      names,
    );
    assert.equal(out.rule, 'Notice period (version 1)');
    assert.equal(out.rules, 'Notice period (version 2), other-rule v1');
  });

  it('isolates Latin fragments in right-to-left languages, but not key parts or i18next options', () => {
    const out = readableOptions(
      { notice: 'R26BK00000001-000', unit: 'business', count: 3, name: 'دابینکەر' },
      'ckb',
      ERBIL,
    );
    assert.equal(out.notice, '\u2068R26BK00000001-000\u2069');
    assert.equal(out.unit, 'business');
    assert.equal(out.count, 3);
    assert.equal(out.name, 'دابینکەر');
    assert.equal(readableOptions({ notice: 'R26' }, 'vi', ERBIL).notice, 'R26');
  });

  it('leaves a link whole, so a mail program that makes it clickable takes no invisible mark with it', () => {
    const link = 'https://keps.example/t/kurdistan/alerts/unsubscribe?search=5f0c&token=Ab-_9';
    assert.equal(readableOptions({ link }, 'ckb', ERBIL).link, link);
    assert.equal(readableOptions({ link }, 'ar', ERBIL).link, link);
  });
});
