/**
 * What feature code is given: the low-level dependencies a service, a router or a job may use.
 * Features import this type, never services.ts (which builds it, and knows every feature). Each
 * member is plumbing (database, audit, keys, mail, queues, limits), not a feature.
 */
import type { i18n } from 'i18next';
import type { AuditSealer } from './audit/sealer.js';
import type { AuditTrail } from './audit/trail.js';
import type { SealedBox } from './crypto/sealed-box.js';
import type { TenantKeys } from './crypto/tenant-keys.js';
import type { RequestLimits } from './http/request-limits.js';
import type { LoginService } from './identity/login.js';
import type { SessionStore } from './identity/session.js';
import type { LoginThrottle } from './identity/throttle.js';
import type { JobMetrics } from './jobs/metrics.js';
import type { JobRelay } from './jobs/outbox.js';
import type { QueueSystem } from './jobs/queues.js';
import type { Logger } from './logger.js';
import type { DemoWorldProgress } from './demo-world/status.js';
import type { DeliverySettings } from './mail/delivery.js';
import type { Mailer } from './mail/outbox.js';
import type { StaffDirectory } from './platform/staff.js';
import type { StaffTokens } from './platform/staff-tokens.js';
import type { PdfPrinter } from './print/pdf-printer.js';
import type { Scenarios } from './sandbox/scenarios.js';
import type { Provisioning } from './tenancy/provisioning.js';
import type { Tenancy } from './tenancy/tenancy.js';
import type { Transporter } from 'nodemailer';

export interface Deps {
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
  /** Platform staff (operators, call-center agents, trainers). */
  staff: StaffDirectory;
  /** Their bearer tokens for the platform's API. */
  staffTokens: StaffTokens;
  throttle: LoginThrottle;
  /** The named limits on anonymous and costly work (http/rate-limits.ts). */
  limits: RequestLimits;
  /** Prints pages (contracts) to PDF with the process's headless Chromium, a few at a time. */
  printer: PdfPrinter;
  /** Bearer secret that opens /metrics on the public port; absent: not served there. */
  metricsToken?: string;
  sessions: SessionStore;
  sessionSecret: string;
  /** Cookies only over HTTPS: production, which runs behind TLS. */
  secureCookies: boolean;
  publicUrl?: string;
  /** E-mail is kept locally (no SMTP, not production): admins and operators read it on a page. */
  outboxPage: boolean;
  /** Creates, resets and drops tenants (training sandboxes from the staff desk); needs the owner role. */
  provisioning: Provisioning;
  /** Demo accounts with the published password go into new tenants (the embedded default only). */
  demoData: boolean;
  /** The training scenarios a sandbox may start from (tenants/scenarios/). */
  scenarios: Scenarios;
  /** Where training sandboxes keep their archives (DATA_DIR/sandboxes): the snapshot a reset restores. */
  sandboxDir: string;
  /** The demo worlds being built after the first start (the home page says so meanwhile). */
  demoWorld: DemoWorldProgress;
}
