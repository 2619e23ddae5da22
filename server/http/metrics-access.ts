/**
 * Who may read /metrics, which names every tenant and its activity: on the public port only a
 * scraper presenting METRICS_TOKEN as a bearer token; on METRICS_PORT (bound for the internal
 * network only) anyone who can reach it. With neither configured, /metrics is not served at all.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { UnauthenticatedError } from '../identity/policy.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

const serve =
  (registry: Registry): RequestHandler =>
  async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

/** /metrics on the public port: 404 without a token configured, 401 without the right bearer token. */
export function metricsBehindToken(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  const send = serve(registry);
  return async (req, res, next) => {
    if (!expected) return next();
    const given = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthenticatedError();
    }
    await send(req, res, next);
  };
}

/** The app of METRICS_PORT: /metrics and nothing else. */
export function internalMetricsApp(registry: Registry): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', serve(registry));
  return app;
}
