import assert from 'node:assert/strict';
import { parseSlug, schemaFor, assertSlug } from '../../server/tenancy/slug.js';

describe('tenant slugs and schema names', () => {
  for (const good of ['kurdistan', 'timor-leste', 'ab', 'a1-b2']) {
    it(`accepts ${good}`, () => assert.equal(parseSlug(good), good));
  }
  for (const bad of [
    '',
    'a',
    'Kurdistan',
    '1korea',
    'tenant_x',
    'a;drop schema',
    '../etc',
    'x'.repeat(42),
    'kurdistan ',
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseSlug(bad), null));
  }
  it('derives schema names that never need quoting', () => {
    assert.equal(schemaFor(assertSlug('timor-leste')), 'tenant_timor_leste');
    assert.equal(schemaFor(assertSlug('korea')), 'tenant_korea');
  });
});
