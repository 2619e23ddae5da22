/**
 * Builds the Express app from its parts. The only place that wires real dependencies into routes;
 * main.ts and the tests hand it what to use.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import type { i18n } from 'i18next';
import { pinoHttp } from 'pino-http';
import { errorHandler, notFound } from './http/error-handler.js';
import { healthRouter, type ReadinessCheck } from './http/health.js';
import { localize } from './http/language.js';
import { tenantLocals } from './http/tenant-locals.js';
import './http/request-types.js';
import { useViews } from './http/views.js';
import { homeRouter } from './home/router.js';
import type { Logger } from './logger.js';
import { platformRouter } from './platform/router.js';
import { tenantFromHost, tenantFromPath } from './tenancy/resolve.js';
import type { Tenancy } from './tenancy/tenancy.js';

export interface AppDeps {
  tenancy: Tenancy;
  i18n: i18n;
  logger: Logger;
  trustProxy: boolean | number | string[];
  readiness: ReadinessCheck[];
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestId(req: Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Client addresses come through the load balancer only as far as TRUST_PROXY says.
  app.set('trust proxy', deps.trustProxy);
  useViews(app);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = requestId(req as Request);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req) => ({ tenant: (req as Request).tenant?.slug }),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(helmet());
  app.use(cookieParser());
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', fallthrough: false }));
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(healthRouter(deps.readiness));

  const tenantRouter = express.Router();
  tenantRouter.use(localize(deps.i18n), tenantLocals, homeRouter());
  app.use('/t/:slug', tenantFromPath(deps.tenancy), tenantRouter);
  app.use(tenantFromHost(deps.tenancy, tenantRouter));

  app.use(localize(deps.i18n));
  app.use(platformRouter(deps.tenancy));
  app.use(notFound);
  app.use(errorHandler(deps.i18n, deps.logger));
  return app;
}
