import assert from 'node:assert/strict';
import { isUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from '../../server/alerts/unsubscribe-link.js';

const SECRET = 's'.repeat(48);
const SEARCH = '0b9c5d1e-4f7a-4c39-9a51-2f1c7e8d9a00';

describe('the one-click unsubscribe link', () => {
  it('verifies for its own tenant and search only', () => {
    const token = unsubscribeToken(SECRET, 'kurdistan', SEARCH);
    assert.match(token, /^[\w-]{43}$/);
    assert.ok(isUnsubscribeToken(SECRET, 'kurdistan', SEARCH, token));
    assert.ok(!isUnsubscribeToken(SECRET, 'vietnam', SEARCH, token), 'another tenant');
    assert.ok(!isUnsubscribeToken(SECRET, 'kurdistan', SEARCH.replace('00', '01'), token), 'another search');
    assert.ok(!isUnsubscribeToken('t'.repeat(48), 'kurdistan', SEARCH, token), 'another secret');
    assert.ok(!isUnsubscribeToken(SECRET, 'kurdistan', SEARCH, token.slice(1)), 'cut short');
  });

  it('is a link to the tenant’s unsubscribe page carrying the search and its token', () => {
    assert.equal(
      unsubscribeUrl(SECRET, 'https://portal.example/t/kurdistan', 'kurdistan', SEARCH),
      `https://portal.example/t/kurdistan/alerts/unsubscribe?search=${SEARCH}&token=${unsubscribeToken(SECRET, 'kurdistan', SEARCH)}`,
    );
  });
});
