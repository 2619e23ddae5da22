import assert from 'node:assert/strict';
import { pseudoLocalize } from '../../server/i18n/pseudo.js';

describe('the pseudo-locale en-XA', () => {
  it('accents, brackets and lengthens a string by about 35 %', () => {
    const text = pseudoLocalize('Bid notices');
    assert.equal(text, '[Ɓîð ñöţîçéš ~~~~]');
    const long = 'National e-procurement for partner governments';
    const padded = pseudoLocalize(long);
    assert.ok(padded.length >= long.length * 1.3 && padded.length <= long.length * 1.5, padded);
  });

  it('leaves placeholders, nestings, tags and entities as they are', () => {
    assert.equal(
      pseudoLocalize('Hi {{name}}, $t(common:language) <b>x</b> &amp;'),
      '[Ĥî {{name}}, $t(common:language) <b>ẋ</b> &amp; ~]',
    );
  });

  it('breaks long padding into runs a line can wrap at', () => {
    assert.doesNotMatch(pseudoLocalize('a'.repeat(100)), /~{6}/);
  });

  it('leaves empty strings empty', () => assert.equal(pseudoLocalize(''), ''));
});
