import assert from 'node:assert/strict';
import { amountInWords, wordsLanguage } from '../../server/i18n/amount-in-words.js';

describe('amounts in words on contracts', () => {
  it('writes whole units in the languages n2words knows, English otherwise', () => {
    assert.equal(amountInWords(95_000_000, 'KRW', 'ko'), '구천오백만');
    assert.equal(amountInWords(1_250, 'USD', 'en'), 'twelve 50/100');
    assert.equal(amountInWords(115_000_000, 'IQD', 'ckb'), 'one hundred fifteen million');
    assert.equal(wordsLanguage('ckb'), 'en');
    assert.equal(wordsLanguage('tet'), 'pt');
    assert.match(amountInWords(2_000, 'USD', 'tet'), /^vinte/);
  });
});
