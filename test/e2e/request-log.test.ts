/**
 * Above `info` (`npm start` logs at warn) no line is written per request, and none of its work is
 * done; an unexpected failure is still logged with its request: id, method, the URL with its
 * secrets blanked, the tenant, and no credential header.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { createLogger } from '../../server/logger.js';
import { asSuperuser } from '../support/cli.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

interface LogLine {
  msg?: string;
  requestId?: string;
  tenant?: string;
  req?: { id?: string; method?: string; url?: string; headers?: Record<string, unknown> };
  err?: { message?: string };
}

/** A log destination that keeps each write in `logs`. */
function sinkInto(logs: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
}

describe('request logging at warn', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  let schema: string;
  const logs: string[] = [];
  const lines = () =>
    logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);

  before(async () => {
    platform = await testPlatform({ logger: createLogger('warn', 'koneps', sinkInto(logs)) });
    const record = await platform.createTenant('korea');
    slug = record.slug;
    schema = (await platform.tenancy.resolve(slug))!.schema;
    app = await platform.app();
  });
  after(() => platform.close());

  it('writes no line for requests that went well, and still answers with their request id', async () => {
    const res = await request(app).get(`/t/${slug}/notices`).set('X-Request-Id', 'caller-given.id-1').expect(200);
    assert.equal(res.headers['x-request-id'], 'caller-given.id-1');
    const fresh = await request(app).get(`/t/${slug}/`).set('X-Request-Id', 'not a token!').expect(200);
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    // Background jobs may speak meanwhile (other tests' tenants share the database, and their
    // openings, long due, are planned again at start): no line comes from a request.
    assert.deepEqual(
      lines().filter((l) => !('job' in l)),
      [],
    );
  });

  it('logs an unexpected failure with its request, secrets blanked', async () => {
    const token = randomBytes(32).toString('base64url');
    const bearer = randomBytes(24).toString('base64url');
    await asSuperuser(schema, (c) => c.query('alter table account_tokens rename to account_tokens_away'));
    let id: string;
    try {
      const res = await request(app)
        .get(`/t/${slug}/password/reset?token=${token}&lng=en`)
        .set('Authorization', `Bearer ${bearer}`)
        .set('Referer', `https://portal.example/t/${slug}/password/reset?token=${token}`)
        .set('User-Agent', 'Call-center browser 1.0')
        .expect(500);
      id = String(res.headers['x-request-id']);
    } finally {
      await asSuperuser(schema, (c) => c.query('alter table account_tokens_away rename to account_tokens'));
    }
    const failure = lines().find((line) => line.msg === 'unexpected error');
    assert.ok(failure, 'the failure is logged');
    assert.equal(failure.req?.id, id);
    assert.equal(failure.requestId, id);
    assert.equal(failure.tenant, slug);
    assert.equal(failure.req?.method, 'GET');
    assert.equal(failure.req?.url, `/t/${slug}/password/reset?token=[redacted]&lng=en`);
    assert.match(String(failure.err?.message), /relation "account_tokens" does not exist/);
    // The headers an operator reads, and no others: no credentials, no cookies.
    assert.deepEqual(failure.req?.headers, {
      host: failure.req?.headers?.host,
      'user-agent': 'Call-center browser 1.0',
      referer: `https://portal.example/t/${slug}/password/reset?token=[redacted]`,
    });
    const output = logs.join('');
    assert.ok(!output.includes(token) && !output.includes(bearer), 'a secret reached the log');
  });
});

describe('request logging at info (production)', () => {
  let platform: TestPlatform;
  let app: Express;
  let slug: string;
  const logs: string[] = [];

  before(async () => {
    platform = await testPlatform({ logger: createLogger('info', 'koneps', sinkInto(logs)) });
    slug = (await platform.createTenant('korea')).slug;
    app = await platform.app();
  });
  after(() => platform.close());

  it('writes one line per request with its tenant, status and id, the one-time token blanked', async () => {
    const token = randomBytes(32).toString('base64url');
    // An unknown reset link: answered 410, a line like any other.
    const res = await request(app).get(`/t/${slug}/password/reset?token=${token}&lng=en`).expect(410);
    const id = String(res.headers['x-request-id']);
    const line = logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((text) => JSON.parse(text) as LogLine & { res?: { statusCode?: number }; responseTime?: number })
      .find((l) => l.req?.id === id);
    assert.ok(line, 'the request has its line');
    assert.equal(line.msg, 'request completed');
    assert.equal(line.tenant, slug);
    assert.equal(line.res?.statusCode, 410);
    assert.equal(typeof line.responseTime, 'number');
    assert.ok(!JSON.stringify(line).includes(token), 'no one-time token in the line');
  });
});
