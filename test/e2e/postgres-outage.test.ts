/**
 * PostgreSQL outages, on a PostgreSQL server of this test's own (so stopping it touches nothing
 * else, on either engine's pass): every connection slot taken, the server stopped under requests
 * and started again. Requests answer 503 with Retry-After, never 500; /readyz names the database
 * that is down; the app serves again without a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { freePort, ensureEmbeddedRoles, startEmbeddedPostgres, type EmbeddedServer } from '../../server/db/embedded.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { sleep, until } from '../support/waiting.js';

describe('a PostgreSQL outage (a server of its own)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-outage-'));
  let own: EmbeddedServer;
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  /** What the app logged as unexpected (the 500s): nothing, if outages are recognised. */
  const unexpected: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (chunk.toString().includes('"msg":"unexpected error"')) unexpected.push(chunk.toString());
      done();
    },
  });
  const notices = (lng: string) => request(app).get(`/t/${slug}/api/v1/notices?lng=${lng}`);

  before(async () => {
    // Few slots, so a test can take every one of them.
    own = await startEmbeddedPostgres(dir, 'koneps', () => {}, { maxConnections: 20 });
    // The two roles, as the embedded default makes them: the app connects as the application role.
    const roles = await ensureEmbeddedRoles(dir, own);
    platform = await testPlatform({
      logger: pino({ level: 'error' }, sink),
      env: {
        DATABASE_URL: roles.app,
        DATABASE_OWNER_URL: roles.owner,
        // A placement database nobody listens for: one partner's database down, the others served.
        GONE_DATABASE_URL: `postgres://koneps@127.0.0.1:${await freePort()}/gone`,
      },
    });
    slug = (await platform.createTenant('korea')).slug;
    app = await platform.app();
    await notices('en').expect(200);
  });
  after(async () => {
    await platform?.close();
    await own?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays ready for the other tenants while one placement database is down, and names it', async () => {
    const ready = await request(app).get('/readyz').expect(200);
    assert.equal(ready.body.status, 'degraded');
    assert.equal(ready.body.checks.database, 'ok');
    assert.equal(ready.body.checks['database:GONE_DATABASE_URL'], 'down: connection refused');
    assert.equal(ready.body.checks.queue, 'ok');
  });

  it('answers 503 while every connection slot is taken, and serves again once one is free', async () => {
    const admin = new pg.Client({ connectionString: own.url });
    await admin.connect();
    const holders: pg.Client[] = [admin];
    try {
      // The app's idle connections are ended under it, as a restart would; then the test takes
      // every slot left, so the app's next connection is refused with "too many clients".
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      for (;;) {
        const holder = new pg.Client({ connectionString: own.url, connectionTimeoutMillis: 5000 });
        try {
          await holder.connect();
          holders.push(holder);
        } catch (error) {
          assert.equal((error as { code?: string }).code, '53300', String(error));
          break;
        }
      }
      const api = await notices('en').expect(503);
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(api.headers['retry-after'], '10');
      assert.equal(api.body.type, 'urn:koneps:problem:database_unavailable');
      assert.equal(api.body.title, 'The system is temporarily unavailable');
      const ready = await request(app).get('/readyz').expect(503);
      assert.equal(ready.body.status, 'not ready');
      assert.equal(ready.body.checks.database, 'down: too many connections');
    } finally {
      await Promise.all(holders.map((c) => c.end().catch(() => {})));
    }
    await until(async () => (await notices('en')).status === 200, 30_000);
  });

  it('answers 503, never 500, while the server stops under requests and until it is back; then serves without a restart', async () => {
    // A burst of requests, the server stopped in its midst (fast shutdown: sessions ended, then
    // connections refused).
    const burst = Array.from({ length: 24 }, (_, i) =>
      sleep(i * 15).then(() => request(app).get(i % 2 ? `/t/${slug}/notices?lng=en` : `/t/${slug}/api/v1/notices`)),
    );
    await sleep(60);
    await own.stop();
    const statuses = new Set((await Promise.all(burst)).map((r) => r.status));
    assert.deepEqual(
      [...statuses].filter((s) => s !== 200 && s !== 503),
      [],
      `only 200 and 503: ${unexpected.join('\n')}`,
    );

    const api = await notices('ko').expect(503);
    assert.equal(api.headers['retry-after'], '10');
    assert.equal(api.body.type, 'urn:koneps:problem:database_unavailable');
    assert.equal(api.body.title, '시스템을 일시적으로 이용할 수 없습니다');
    const page = await request(app).get(`/t/${slug}/notices?lng=en`).expect(503);
    assert.equal(page.headers['retry-after'], '10');
    assert.match(page.text, /The system is temporarily unavailable/);
    assert.match(page.text, /check whether it arrived before you send it again/);
    assert.doesNotMatch(page.text, /ECONNREFUSED|127\.0\.0\.1|at .*\.ts:\d+/);
    const ready = await request(app).get('/readyz').expect(503);
    assert.equal(ready.body.checks.database, 'down: connection refused');
    assert.doesNotMatch(JSON.stringify(ready.body), /127\.0\.0\.1/);

    await own.start();
    await until(async () => (await notices('en')).status === 200, 30_000);
    await request(app).get(`/t/${slug}/notices?lng=en`).expect(200);
    const back = await request(app).get('/readyz').expect(200);
    assert.equal(back.body.checks.database, 'ok');
    assert.equal(back.body.checks.queue, 'ok');
    assert.deepEqual(unexpected, [], 'no request met an error it did not recognise');
  });
});
