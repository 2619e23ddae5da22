import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyEncryptionKey, legacyTenantKey, weakKeyReason } from '../../server/crypto/master-key.js';
import { Keyring } from '../../server/crypto/keyring.js';
import { oldContractKeyId, sealedTheOldWay } from '../support/legacy-keys.js';

const master = Buffer.from('4ev70lYzzhXj3vNDTziXPntTQbXJwVVCeELdA133P28=', 'base64');

describe('tenant keys', () => {
  it("opens what was sealed before data keys existed, with the tenant's kept first key", () => {
    const ring = new Keyring('korea', new Map([[1, legacyTenantKey(master, 'korea')]]));
    assert.equal(
      ring.open('totp-secret', sealedTheOldWay(master, 'korea', 'totp-secret', 'JBSWY3DPEHPK3PXP')).toString(),
      'JBSWY3DPEHPK3PXP',
    );
    assert.equal(ring.signingKey('contract-signing').keyId, oldContractKeyId(master, 'korea'));
  });

  it('seals with the newest data key and opens with any, each value naming its version', () => {
    const first = randomBytes(32);
    const sealed = new Keyring('korea', new Map([[1, first]])).seal('bid-data-key', 'tender key');
    const ring = new Keyring(
      'korea',
      new Map([
        [1, first],
        [2, randomBytes(32)],
      ]),
    );
    assert.match(ring.seal('bid-data-key', 'x'), /^v2\./);
    assert.equal(ring.open('bid-data-key', sealed).toString(), 'tender key');
    assert.deepEqual(
      ring.signingKeys('contract-signing').map((k) => k.version),
      [2, 1],
    );
  });

  it('refuses to open a value moved to another tenant or purpose', () => {
    const key = randomBytes(32);
    const sealed = new Keyring('korea', new Map([[1, key]])).seal('totp-secret', 'secret');
    assert.throws(() => new Keyring('vietnam', new Map([[1, key]])).open('totp-secret', sealed));
    assert.throws(() => new Keyring('korea', new Map([[1, key]])).open('bid-data-key', sealed));
  });

  it('wraps a data key under a KEK named by an id, bound to its owner and version', () => {
    const kek = new KeyEncryptionKey(master);
    const other = new KeyEncryptionKey(randomBytes(32));
    assert.match(kek.id, /^[0-9a-f]{16}$/);
    assert.notEqual(kek.id, other.id);
    const dataKey = randomBytes(32);
    const wrapped = kek.wrap(dataKey, 'korea/data-key/1');
    assert.deepEqual(kek.unwrap(wrapped, 'korea/data-key/1'), dataKey);
    assert.throws(() => kek.unwrap(wrapped, 'vietnam/data-key/1'));
    assert.throws(() => other.unwrap(wrapped, 'korea/data-key/1'));
  });

  it('tells a random master key from one typed by hand', () => {
    assert.equal(weakKeyReason(master), undefined);
    for (let i = 0; i < 1000; i++) assert.equal(weakKeyReason(randomBytes(32)), undefined);
    assert.match(weakKeyReason(Buffer.alloc(32))!, /not random/);
    assert.match(weakKeyReason(Buffer.from('abcd'.repeat(8)))!, /not random/);
    assert.match(weakKeyReason(Buffer.alloc(16))!, /32 bytes/);
  });
});
