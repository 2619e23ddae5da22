/**
 * The logger's redaction and the request-line URL cleaning: credentials and one-time tokens are
 * replaced by `[redacted]`, everything an operator needs stays.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { redactUrl } from '../../server/http/request-log.js';
import { createLogger } from '../../server/logger.js';

describe('log redaction', () => {
  it('blanks the token of reset, verification and invitation links and keeps the rest of the URL', () => {
    assert.equal(
      redactUrl('/t/korea/password/reset?token=Abc_-123&lng=en'),
      '/t/korea/password/reset?token=[redacted]&lng=en',
    );
    assert.equal(redactUrl('/t/korea/verify-email?token=Abc_-123'), '/t/korea/verify-email?token=[redacted]');
    assert.equal(redactUrl('/invitation?lng=ko&token=Abc#top'), '/invitation?lng=ko&token=[redacted]#top');
    assert.equal(
      redactUrl('/t/korea/login?_csrf=abc&password=hunter2'),
      '/t/korea/login?_csrf=[redacted]&password=[redacted]',
    );
  });

  it('blanks a token inside a percent-encoded URL carried by another parameter', () => {
    assert.equal(
      redactUrl('/t/korea/login?next=%2Ft%2Fkorea%2Finvitation%3Ftoken%3DAbc-123%26lng%3Den'),
      '/t/korea/login?next=%2Ft%2Fkorea%2Finvitation%3Ftoken%3D[redacted]%26lng%3Den',
    );
  });

  it('leaves URLs without secret parameters as they are', () => {
    for (const url of [
      '/t/korea/notices?q=token&page=2',
      '/t/korea/api/v1/notices/42/bids',
      '/platform/lookup?tenant=korea&q=mytoken=1',
    ])
      assert.equal(redactUrl(url), url);
  });

  it('blanks credential headers, query bindings and request bodies in any line the logger writes', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('trace', 'test', sink);
    const failure = Object.assign(new Error('query timed out'), { bindings: ['secret-1'], body: 'password=secret-2' });
    logger.error(
      {
        err: failure,
        req: {
          method: 'POST',
          url: '/t/korea/login',
          headers: {
            authorization: 'Bearer secret-3',
            cookie: 'koneps.sid=secret-4',
            'x-csrf-token': 'secret-5',
            host: 'koneps.localhost',
          },
        },
        res: { statusCode: 500, headers: { 'set-cookie': ['koneps.sid=secret-6'] } },
        form: { password: 'secret-7', _csrf: 'secret-8', secondFactor: 'secret-9' },
        token: 'secret-10',
      },
      'unexpected error',
    );
    const output = lines.join('');
    assert.doesNotMatch(output, /secret-/);
    const line = JSON.parse(output) as {
      err: { message: string; bindings: string };
      req: { headers: Record<string, string> };
    };
    assert.equal(line.err.message, 'query timed out');
    assert.equal(line.err.bindings, '[redacted]');
    assert.equal(line.req.headers.authorization, '[redacted]');
    assert.equal(line.req.headers.host, 'koneps.localhost');
  });
});
