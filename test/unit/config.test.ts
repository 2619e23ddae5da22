import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseTrustProxy, readDotEnv } from '../../server/config.js';
import { DEFAULT_LIMITS } from '../../server/http/rate-limits.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'koneps-config-'));
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db/koneps',
  REDIS_URL: 'redis://cache:6379',
  SESSION_SECRET: 'x'.repeat(40),
  MASTER_KEY: '4ev70lYzzhXj3vNDTziXPntTQbXJwVVCeELdA133P28=',
  SMTP_URL: 'smtps://mailer:secret@mail.example.gov:465',
};

/** One line, naming the variable: what main.ts prints before it exits. */
const refusal = (pattern: RegExp) => (e: Error) =>
  e instanceof ConfigError && pattern.test(e.message) && !e.message.includes('\n');

describe('configuration', () => {
  describe('.env, as .env.example says', () => {
    const dotEnv = (text: string) => {
      const file = path.join(tmp(), '.env');
      writeFileSync(file, text);
      return file;
    };

    it('reads .env outside production, under what the environment already sets', () => {
      const file = dotEnv('# local settings\nPORT=4100\nLOG_LEVEL=debug\nPUBLIC_URL="http://eproc.localhost:4100"\n');
      const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
      assert.equal(readDotEnv(env, file), file);
      assert.deepEqual(env, { LOG_LEVEL: 'warn', PORT: '4100', PUBLIC_URL: 'http://eproc.localhost:4100' });
      assert.equal(loadConfig({ ...env, DATA_DIR: tmp() }).port, 4100);
    });

    it('leaves production to its environment, and does without a file', () => {
      const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
      assert.equal(readDotEnv(env, dotEnv('PORT=4100\n')), undefined);
      assert.deepEqual(env, { NODE_ENV: 'production' });
      const none: NodeJS.ProcessEnv = {};
      assert.equal(readDotEnv(none, path.join(tmp(), '.env')), undefined);
      assert.deepEqual(none, {});
    });
  });

  it('stops a production start without DATABASE_URL with one line naming it', () => {
    const env: Record<string, string> = { ...production };
    delete env.DATABASE_URL;
    assert.throws(
      () => loadConfig({ ...env, DATA_DIR: tmp() }),
      (e: Error) => e instanceof ConfigError && /DATABASE_URL/.test(e.message) && !e.message.includes('\n'),
    );
  });

  it('refuses a production start without SMTP_URL unless mail is kept in local files on purpose', () => {
    const env: Record<string, string> = { ...production };
    delete env.SMTP_URL;
    assert.throws(
      () => loadConfig({ ...env, DATA_DIR: tmp() }),
      (e: Error) => e instanceof ConfigError && /SMTP_URL is required/.test(e.message) && !e.message.includes('\n'),
    );
    const local = loadConfig({ ...env, MAIL_OUTBOX: 'local', DATA_DIR: tmp() });
    assert.equal(local.smtpUrl, undefined);
    assert.equal(local.outboxPage, false, 'a production outbox is never served over HTTP');
    assert.equal(loadConfig({ ...production, DATA_DIR: tmp() }).outboxPage, false);
    assert.equal(loadConfig({ DATA_DIR: tmp() }).outboxPage, true, 'the embedded default shows it to admins');
  });

  it('refuses demo accounts in production with one line saying why', () => {
    assert.throws(
      () => loadConfig({ ...production, DEMO_DATA: 'true', DATA_DIR: tmp() }),
      (e: Error) =>
        e instanceof ConfigError && /DEMO_DATA=true is refused/.test(e.message) && !e.message.includes('\n'),
    );
    assert.equal(loadConfig({ ...production, DEMO_DATA: 'false', DATA_DIR: tmp() }).demoData, false);
    assert.equal(loadConfig({ ...production, DATA_DIR: tmp() }).demoData, false);
  });

  it('names a malformed variable and says what it must be', () => {
    assert.throws(() => loadConfig({ ...production, MASTER_KEY: 'short' }), /MASTER_KEY: must be 32 bytes/);
    assert.throws(() => loadConfig({ ...production, PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ ...production, DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a postgres/);
  });

  it('generates embedded secrets once, keeps them mode 0600 and reuses them, the master key outside DATA_DIR', () => {
    const dir = path.join(tmp(), 'data');
    const first = loadConfig({ DATA_DIR: dir });
    const mode = statSync(path.join(dir, 'secrets.json')).mode & 0o777;
    assert.equal(mode, 0o600);
    const keyFile = path.join(path.dirname(dir), 'keys', 'master.key');
    assert.equal(first.masterKeySource, keyFile);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.doesNotMatch(readFileSync(path.join(dir, 'secrets.json'), 'utf8'), /masterKey/);
    const second = loadConfig({ DATA_DIR: dir });
    assert.equal(second.sessionSecret, first.sessionSecret);
    assert.deepEqual(second.masterKey, first.masterKey);
    assert.equal(first.masterKey.length, 32);
    assert.equal(first.embedded, true);
    assert.equal(first.queueBackend, 'postgres');
  });

  it('moves the master key of an earlier install out of DATA_DIR/secrets.json once, keeping the same key', () => {
    const dir = path.join(tmp(), 'data');
    mkdirSync(dir);
    const masterKey = production.MASTER_KEY;
    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ sessionSecret: 's'.repeat(48), masterKey }));
    const first = loadConfig({ DATA_DIR: dir });
    assert.equal(first.masterKey.toString('base64'), masterKey);
    assert.equal(first.sessionSecret, 's'.repeat(48));
    assert.equal(readFileSync(path.join(path.dirname(dir), 'keys', 'master.key'), 'utf8').trim(), masterKey);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')), {
      sessionSecret: 's'.repeat(48),
    });
    assert.equal(loadConfig({ DATA_DIR: dir }).masterKey.toString('base64'), masterKey);
  });

  it('refuses a master key too regular to be random, with one line', () => {
    for (const weak of [
      Buffer.alloc(32), // all zeros
      Buffer.alloc(32, 7), // one byte repeated
      Buffer.from('0123456789abcdef'.repeat(2)), // a pattern repeated
      Buffer.from(Array.from({ length: 32 }, (_, i) => i)), // counting
    ]) {
      assert.throws(
        () => loadConfig({ ...production, MASTER_KEY: weak.toString('base64') }),
        refusal(/^Configuration error: MASTER_KEY: is not random/),
      );
    }
  });

  it('reads MASTER_KEY_FILE, and refuses one inside DATA_DIR', () => {
    const root = tmp();
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir);
    const outside = path.join(root, 'master.key');
    writeFileSync(outside, `${production.MASTER_KEY}\n`);
    const env = { ...production, MASTER_KEY: undefined, DATA_DIR: dataDir };
    const config = loadConfig({ ...env, MASTER_KEY_FILE: outside });
    assert.equal(config.masterKey.toString('base64'), production.MASTER_KEY);
    const inside = path.join(dataDir, 'keys', 'master.key');
    mkdirSync(path.dirname(inside));
    writeFileSync(inside, production.MASTER_KEY);
    assert.throws(
      () => loadConfig({ ...env, MASTER_KEY_FILE: inside }),
      refusal(/MASTER_KEY_FILE: .* is inside DATA_DIR/),
    );
    assert.throws(() => loadConfig(env), refusal(/MASTER_KEY \(or MASTER_KEY_FILE\) is required/));
    assert.ok(!existsSync(path.join(root, 'keys')), 'production never generates a key');
  });

  it('takes the master key being replaced as MASTER_KEY_PREVIOUS, never the same key', () => {
    const previous = 'Em4OUg0xq+A4sSvMnffvIhNO3E5iOT+IfbsieZteiQw=';
    assert.equal(
      loadConfig({ ...production, MASTER_KEY_PREVIOUS: previous }).previousMasterKey?.toString('base64'),
      previous,
    );
    // The key being replaced may be a weak one: rotating away from it is the point.
    assert.ok(
      loadConfig({ ...production, MASTER_KEY_PREVIOUS: Buffer.alloc(32).toString('base64') }).previousMasterKey,
    );
    assert.throws(
      () => loadConfig({ ...production, MASTER_KEY_PREVIOUS: production.MASTER_KEY }),
      refusal(/MASTER_KEY_PREVIOUS: is the same key/),
    );
  });

  it('uses Redis for jobs when REDIS_URL is set', () => {
    assert.equal(loadConfig(production).queueBackend, 'redis');
  });

  it('takes a Redis Cluster from REDIS_CLUSTER_NODES instead of REDIS_URL, never both', () => {
    const withoutRedis: Record<string, string | undefined> = { ...production, REDIS_URL: undefined };
    const config = loadConfig({ ...withoutRedis, REDIS_CLUSTER_NODES: '10.0.0.1:7001, redis-2:7002' });
    assert.equal(config.queueBackend, 'redis');
    assert.deepEqual(config.redisClusterNodes, [
      { host: '10.0.0.1', port: 7001 },
      { host: 'redis-2', port: 7002 },
    ]);
    assert.throws(
      () => loadConfig({ ...withoutRedis, REDIS_CLUSTER_NODES: 'redis-1' }),
      refusal(/REDIS_CLUSTER_NODES/),
    );
    assert.throws(
      () => loadConfig({ ...production, REDIS_CLUSTER_NODES: 'redis-1:7001' }),
      refusal(/REDIS_CLUSTER_NODES: set either it or REDIS_URL/),
    );
    assert.throws(() => loadConfig(withoutRedis), refusal(/REDIS_URL \(or REDIS_CLUSTER_NODES/));
  });

  it('reads tenant placement URLs from variables ending in _DATABASE_URL', () => {
    const config = loadConfig({ ...production, KURDISTAN_DATABASE_URL: 'postgres://krd-db/keps' });
    assert.equal(config.placementUrls.get('KURDISTAN_DATABASE_URL'), 'postgres://krd-db/keps');
    assert.throws(() => loadConfig({ ...production, KURDISTAN_DATABASE_URL: 'nope' }), /KURDISTAN_DATABASE_URL/);
  });

  it('keeps the default limits unless RATE_LIMITS overrides some, and names a faulty override', () => {
    const config = loadConfig({ ...production, RATE_LIMITS: 'public-search=600/60, contract-pdf=5/600' });
    assert.deepEqual(config.rateLimits['public-search'], { points: 600, seconds: 60 });
    assert.deepEqual(config.rateLimits['contract-pdf'], { points: 5, seconds: 600 });
    assert.deepEqual(config.rateLimits['api-token'], DEFAULT_LIMITS['api-token']);
    assert.deepEqual(loadConfig(production).rateLimits, DEFAULT_LIMITS);
    assert.throws(() => loadConfig({ ...production, RATE_LIMITS: 'search=5/60' }), /RATE_LIMITS: "search=5\/60"/);
    assert.throws(() => loadConfig({ ...production, RATE_LIMITS: 'upload=0/60' }), /RATE_LIMITS: .*at least 1/);
  });

  it('serves /metrics only when told how: a long enough METRICS_TOKEN or a METRICS_PORT', () => {
    const config = loadConfig(production);
    assert.equal(config.metricsToken, undefined);
    assert.equal(config.metricsPort, undefined);
    assert.throws(() => loadConfig({ ...production, METRICS_TOKEN: 'short' }), /METRICS_TOKEN: must be at least 32/);
    assert.equal(loadConfig({ ...production, METRICS_PORT: '9464' }).metricsPort, 9464);
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

  it('reads a direct database URL for the job backend apart from the pooled one, never as a placement', () => {
    const config = loadConfig({ ...production, DATABASE_DIRECT_URL: 'postgres://app@db-direct/koneps' });
    assert.equal(config.databaseDirectUrl, 'postgres://app@db-direct/koneps');
    assert.deepEqual([...config.placementUrls], []);
    assert.equal(loadConfig(production).databaseDirectUrl, undefined);
    assert.throws(() => loadConfig({ ...production, DATABASE_DIRECT_URL: 'nope' }), /DATABASE_DIRECT_URL: must be/);
  });

  it('parses TRUST_PROXY as Express understands it', () => {
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('true'), true);
    assert.equal(parseTrustProxy('2'), 2);
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, loopback'), ['10.0.0.0/8', 'loopback']);
    assert.throws(() => parseTrustProxy('everyone'), /TRUST_PROXY/);
  });
});
