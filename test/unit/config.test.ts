import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseTrustProxy } from '../../server/config.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'koneps-config-'));
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db/koneps',
  REDIS_URL: 'redis://cache:6379',
  SESSION_SECRET: 'x'.repeat(40),
  MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('configuration', () => {
  it('stops a production start without DATABASE_URL with one line naming it', () => {
    const env: Record<string, string> = { ...production };
    delete env.DATABASE_URL;
    assert.throws(
      () => loadConfig({ ...env, DATA_DIR: tmp() }),
      (e: Error) => e instanceof ConfigError && /DATABASE_URL/.test(e.message) && !e.message.includes('\n'),
    );
  });

  it('names a malformed variable and says what it must be', () => {
    assert.throws(() => loadConfig({ ...production, MASTER_KEY: 'short' }), /MASTER_KEY: must be 32 bytes/);
    assert.throws(() => loadConfig({ ...production, PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ ...production, DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a postgres/);
  });

  it('generates embedded secrets once, keeps them mode 0600 and reuses them', () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir });
    const mode = statSync(path.join(dir, 'secrets.json')).mode & 0o777;
    assert.equal(mode, 0o600);
    const second = loadConfig({ DATA_DIR: dir });
    assert.equal(second.sessionSecret, first.sessionSecret);
    assert.deepEqual(second.masterKey, first.masterKey);
    assert.equal(first.masterKey.length, 32);
    assert.equal(first.embedded, true);
    assert.equal(first.queueBackend, 'postgres');
  });

  it('uses Redis for jobs when REDIS_URL is set', () => {
    assert.equal(loadConfig(production).queueBackend, 'redis');
  });

  it('reads tenant placement URLs from variables ending in _DATABASE_URL', () => {
    const config = loadConfig({ ...production, KURDISTAN_DATABASE_URL: 'postgres://krd-db/keps' });
    assert.equal(config.placementUrls.get('KURDISTAN_DATABASE_URL'), 'postgres://krd-db/keps');
    assert.throws(() => loadConfig({ ...production, KURDISTAN_DATABASE_URL: 'nope' }), /KURDISTAN_DATABASE_URL/);
  });

  it("reads the owner role's URLs apart from the application role's, a placement's from its owner twin", () => {
    const config = loadConfig({
      ...production,
      DATABASE_OWNER_URL: 'postgres://owner@db/koneps',
      KURDISTAN_DATABASE_URL: 'postgres://app@krd-db/keps',
      KURDISTAN_DATABASE_OWNER_URL: 'postgres://owner@krd-db/keps',
    });
    assert.equal(config.databaseUrl, 'postgres://app@db/koneps');
    assert.equal(config.databaseOwnerUrl, 'postgres://owner@db/koneps');
    assert.deepEqual([...config.placementUrls], [['KURDISTAN_DATABASE_URL', 'postgres://app@krd-db/keps']]);
    assert.deepEqual([...config.placementOwnerUrls], [['KURDISTAN_DATABASE_URL', 'postgres://owner@krd-db/keps']]);
    assert.equal(loadConfig(production).databaseOwnerUrl, undefined);
    assert.throws(
      () => loadConfig({ ...production, KURDISTAN_DATABASE_OWNER_URL: 'nope' }),
      /KURDISTAN_DATABASE_OWNER_URL/,
    );
    assert.throws(() => loadConfig({ ...production, DATABASE_OWNER_URL: 'mysql://x' }), /DATABASE_OWNER_URL: must be/);
  });

  it('parses TRUST_PROXY as Express understands it', () => {
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('true'), true);
    assert.equal(parseTrustProxy('2'), 2);
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, loopback'), ['10.0.0.0/8', 'loopback']);
    assert.throws(() => parseTrustProxy('everyone'), /TRUST_PROXY/);
  });
});
