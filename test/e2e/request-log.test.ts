/**
 * The request log at both kinds of level: at `info` and below a line per request (pino-http); above
 * it (`npm start` logs at `warn`) no per-request work, yet every request keeps its id and an
 * unexpected error is still logged with its request, URL secrets blanked.
 */
import assert from 'node:assert/strict';
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { requestLog, requestLogSerializers } from '../../server/http/request-log.js';
import { createLogger, type Logger } from '../../server/logger.js';

interface Line {
  msg?: string;
  tenant?: string;
  req?: { id?: string; method?: string; url?: string };
  err?: { message?: string };
}

function appLogging(level: string): { app: express.Express; lines: Line[] } {
  const lines: Line[] = [];
  const logger = createLogger(level, 'koneps', { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  const app = express();
  let next = 0;
  app.use(
    requestLog({
      logger,
      genReqId: (_req, res) => {
        const id = `request-${++next}`;
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: () => ({ tenant: 'korea' }),
      serializers: requestLogSerializers,
    }),
  );
  app.get('/fine', (_req, res) => void res.json({ ok: true }));
  app.get('/boom', () => {
    throw new Error('the database said no');
  });
  const handler: ErrorRequestHandler = (error, req, res, _next) => {
    (req as unknown as { log: Logger }).log.error({ err: error }, 'unexpected error');
    res.status(500).json({ requestId: req.id });
  };
  app.use(handler);
  return { app, lines };
}

describe('request log', () => {
  it('writes a line per request at info, with its id, tenant and redacted URL', async () => {
    const { app, lines } = appLogging('info');
    const res = await request(app).get('/fine?token=secret-one').expect(200);
    assert.equal(res.headers['x-request-id'], 'request-1');
    const line = lines.find((l) => l.msg === 'request completed');
    assert.ok(line, 'the request is logged');
    assert.equal(line.req?.id, 'request-1');
    assert.equal(line.req?.url, '/fine?token=[redacted]');
    assert.equal(line.tenant, 'korea');
  });

  it('does no per-request logging above info, but keeps the id and logs an unexpected error with its request', async () => {
    const { app, lines } = appLogging('warn');
    const fine = await request(app).get('/fine').expect(200);
    assert.equal(fine.headers['x-request-id'], 'request-1');
    assert.equal(lines.length, 0, 'no line for a request that went well');
    const boom = await request(app).get('/boom?token=secret-two').expect(500);
    assert.equal(boom.headers['x-request-id'], 'request-2');
    assert.equal((boom.body as { requestId: string }).requestId, 'request-2');
    assert.equal(lines.length, 1);
    const [failure] = lines;
    assert.equal(failure!.msg, 'unexpected error');
    assert.equal(failure!.req?.id, 'request-2');
    assert.equal(failure!.req?.method, 'GET');
    assert.equal(failure!.req?.url, '/boom?token=[redacted]');
    assert.equal(failure!.tenant, 'korea');
    assert.equal(failure!.err?.message, 'the database said no');
  });
});
