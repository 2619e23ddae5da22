/**
 * The services every router and job share, built once by the entry points (web, worker, tests)
 * from the platform and the queues. Nothing else constructs real dependencies.
 */
import path from 'node:path';
import type { i18n } from 'i18next';
import { AuditSealer } from './audit/sealer.js';
import { AuditTrail } from './audit/trail.js';
import type { Platform } from './bootstrap.js';
import type { TenantKeys } from './crypto/tenant-keys.js';
import { loginService, type LoginService } from './identity/login.js';
import { openSessionStore, type SessionStore } from './identity/session.js';
import { LoginThrottle } from './identity/throttle.js';
import type { QueueSystem } from './jobs/queues.js';
import type { Logger } from './logger.js';
import { createTransport, type DeliverySettings } from './mail/delivery.js';
import { JobMetrics } from './jobs/metrics.js';
import { JobRelay } from './jobs/outbox.js';
import { Mailer } from './mail/outbox.js';
import { SealedBox } from './procurement/bids/sealed-box.js';
import { ContractPrinter } from './procurement/contracts/pdf.js';
import { RequestLimits } from './http/request-limits.js';
import { staffDirectory, type StaffDirectory } from './platform/staff.js';
import type { Tenancy } from './tenancy/tenancy.js';
import type { Transporter } from 'nodemailer';
import { Redis } from 'ioredis';

export interface Services {
  tenancy: Tenancy;
  i18n: i18n;
  logger: Logger;
  keys: TenantKeys;
  audit: AuditTrail;
  sealer: AuditSealer;
  /** Seals bid data under per-tender keys; the only way to read it back after opening. */
  sealedBox: SealedBox;
  mailer: Mailer;
  /** Writes jobs into the tenant's outbox and relays them to the queues. */
  relay: JobRelay;
  metrics: JobMetrics;
  queues: QueueSystem;
  mailTransport: Transporter;
  delivery: DeliverySettings;
  login: LoginService;
  /** Platform staff (operators, call-center agents). */
  staff: StaffDirectory;
  throttle: LoginThrottle;
  /** The named limits on anonymous and costly work (http/rate-limits.ts). */
  limits: RequestLimits;
  /** Prints contracts to PDF with the process's headless Chromium, a few at a time. */
  printer: ContractPrinter;
  /** Bearer secret that opens /metrics on the public port; absent: not served there. */
  metricsToken?: string;
  sessions: SessionStore;
  sessionSecret: string;
  /** Cookies only over HTTPS: production, which runs behind TLS. */
  secureCookies: boolean;
  publicUrl?: string;
  /** E-mail is kept locally (no SMTP, not production): admins and operators read it on a page. */
  outboxPage: boolean;
  close(): Promise<void>;
}

export function createServices(platform: Platform, queues: QueueSystem, i18n: i18n): Services {
  const { config, logger, tenancy } = platform;
  const keys = platform.keys;
  const sealer = new AuditSealer(logger, undefined, keys);
  const audit = new AuditTrail(sealer);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  redis?.on('error', () => {});
  const limitStore = redis ? { redis } : { knex: platform.databases.primary };
  const throttle = new LoginThrottle(limitStore, config.queuePrefix, config.rateLimits['login-account-ceiling']);
  const printer = new ContractPrinter(undefined, config.contractPdfConcurrency);
  const delivery: DeliverySettings = {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: path.join(config.dataDir, 'outbox'),
  };
  const relay = new JobRelay(tenancy, queues, logger);
  const sessions = openSessionStore({
    databaseUrl: platform.databaseUrl,
    redisUrl: config.redisUrl,
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
    staff: staffDirectory(platform.databases.primary, keys, throttle),
    throttle,
    limits: new RequestLimits(limitStore, config.queuePrefix, config.rateLimits),
    printer,
    metricsToken: config.metricsToken,
    sessions,
    sessionSecret: config.sessionSecret,
    secureCookies: config.env === 'production',
    publicUrl: config.publicUrl,
    outboxPage: config.outboxPage,
    async close() {
      await sealer.close();
      await sessions.close();
      // contracts: the process's headless Chromium, if a contract was printed.
      await printer.close();
      redis?.disconnect();
    },
  };
}
