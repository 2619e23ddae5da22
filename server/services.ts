/**
 * The services every router and job share, built once by the entry points (web, worker, tests)
 * from the platform and the queues. Nothing else constructs real dependencies.
 */
import { loadScenarios } from './sandbox/scenarios.js';
import path from 'node:path';
import type { i18n } from 'i18next';
import { AuditSealer } from './audit/sealer.js';
import { PublishingAuditTrail } from './ocds/publishing-trail.js';
import { DemoWorldProgress } from './demo-world/status.js';
import type { Platform } from './bootstrap.js';
import type { Deps } from './deps.js';
import { loginService } from './identity/login.js';
import { openSessionStore } from './identity/session.js';
import { LoginThrottle } from './identity/throttle.js';
import type { QueueSystem } from './jobs/queues.js';
import { createTransport, type DeliverySettings } from './mail/delivery.js';
import { JobMetrics } from './jobs/metrics.js';
import { JobRelay } from './jobs/outbox.js';
import { Mailer } from './mail/outbox.js';
import { SealedBox } from './crypto/sealed-box.js';
import { PdfPrinter } from './print/pdf-printer.js';
import { RequestLimits } from './http/request-limits.js';
import { staffDirectory } from './platform/staff.js';
import { staffTokens } from './platform/staff-tokens.js';
import { ioredisClient, usesRedis } from './jobs/redis-connection.js';

/** The dependencies, built and owned: whoever builds them closes them. */
export interface Services extends Deps {
  close(): Promise<void>;
}

export function createServices(platform: Platform, queues: QueueSystem, i18n: i18n): Services {
  const { config, logger, tenancy } = platform;
  const keys = platform.keys;
  const sealer = new AuditSealer(logger, undefined, keys);
  // Every audited change that OCDS publishes writes its release in the same transaction.
  // Without PUBLIC_URL (a laptop, a demo) the releases' links name this machine and its port.
  const audit = new PublishingAuditTrail(sealer, config.publicUrl ?? `http://localhost:${config.port}`);
  const redis = usesRedis(config) ? ioredisClient(config, { maxRetriesPerRequest: 2 }) : undefined;
  redis?.on('error', () => {});
  const limitStore = redis ? { redis } : { knex: platform.databases.primary };
  const throttle = new LoginThrottle(limitStore, config.queuePrefix, config.rateLimits['login-account-ceiling']);
  const printer = new PdfPrinter(undefined, config.contractPdfConcurrency);
  const delivery: DeliverySettings = {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: path.join(config.dataDir, 'outbox'),
  };
  const relay = new JobRelay(tenancy, queues, logger);
  const staff = staffDirectory(platform.databases.primary, keys, throttle);
  const sessions = openSessionStore({
    databaseUrl: platform.databaseUrl,
    redisUrl: config.redisUrl,
    redisClusterNodes: config.redisClusterNodes,
    prefix: config.queuePrefix,
  });
  return {
    tenancy,
    i18n,
    logger,
    keys,
    audit,
    sealer,
    sealedBox: new SealedBox(keys, audit),
    mailer: new Mailer(i18n, relay),
    relay,
    metrics: new JobMetrics(queues, tenancy),
    queues,
    mailTransport: createTransport(delivery),
    delivery,
    login: loginService({ audit, keys, throttle }),
    staff,
    staffTokens: staffTokens(platform.databases.primary, staff),
    throttle,
    limits: new RequestLimits(limitStore, config.queuePrefix, config.rateLimits),
    printer,
    metricsToken: config.metricsToken,
    sessions,
    sessionSecret: config.sessionSecret,
    secureCookies: config.env === 'production',
    publicUrl: config.publicUrl,
    outboxPage: config.outboxPage,
    provisioning: platform.provisioning,
    demoData: config.demoData,
    scenarios: loadScenarios(),
    sandboxDir: path.join(config.dataDir, 'sandboxes'),
    demoWorld: new DemoWorldProgress(),
    async close() {
      await sealer.close();
      await sessions.close();
      // contracts: the process's headless Chromium, if a contract was printed.
      await printer.close();
      redis?.disconnect();
    },
  };
}
