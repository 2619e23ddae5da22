/**
 * Every job type, the queue its class belongs to, and how it is retried. Payloads carry the
 * tenant's slug and ids only; processors bind the tenant and re-read state.
 */
import type { JobsOptions } from 'bullmq';
import type { QueueName } from './queues.js';

export const JOB_TYPES = {
  /** Open a tender at its opening time (timed; critical: never behind bulk mail). */
  'open-tender': { queue: 'critical' },
  /** Make an award final when its standstill ends (timed). */
  'award-finalize': { queue: 'critical' },
  /** Open a second competition's sealed quotes at its deadline (timed; critical like a tender opening). */
  'open-competition': { queue: 'critical' },
  /** Deliver one queued e-mail (notifications: bulk). */
  'send-email': { queue: 'notifications' },
  /** Tell the suppliers whose saved searches match a new notice or addendum (immediate alerts). */
  'notice-alerts': { queue: 'notifications' },
  /** Weekly: the officers of each agency behind its budget execution target are told (once a week). */
  'execution-target-warnings': { queue: 'notifications' },
  /** Daily: each supplier with daily alerts gets one digest of what matched since the last. */
  'alerts-digest': { queue: 'notifications' },
  /** Tell a supplier its registration expires soon (timed: 30 days before). */
  'renewal-reminder': { queue: 'notifications' },
  /** Remind the agent a call-center ticket's follow-up is due (timed). */
  'callcenter-follow-up': { queue: 'notifications' },
  /** Nightly: seal and re-verify the audit chain. */
  'audit-verification': { queue: 'maintenance' },
  /** Daily: registrations near expiry get reminders; expired ones are marked. */
  'registration-sweep': { queue: 'maintenance' },
  /** Daily: device records older than the tenant's retention rule are deleted. */
  'retention-purge': { queue: 'maintenance' },
  /**
   * A few seconds after a sandbox's clock moved: its delayed jobs are rescheduled again, for any a
   * process added on the old clock while its registry lookup was still the one from before the move.
   */
  'reschedule-sandbox-jobs': { queue: 'maintenance' },
  /**
   * Hourly per sandbox, and once at its expiry: a sandbox past its expiry (real time) is exported
   * and dropped.
   */
  'sandbox-expiry': { queue: 'maintenance' },
  /** Nightly: the bulk file of the tenant's OCDS releases (gzipped JSON lines with its SHA-256). */
  'ocds-export': { queue: 'maintenance' },
  /** Daily: approved invoices unpaid after their due date are reported to the agency's officers (once). */
  'payments-overdue-sweep': { queue: 'maintenance' },
  /** Integrity red flags: one tender and its bidders after an opening or award; nightly, every subject. */
  'integrity-flags': { queue: 'maintenance' },
} as const satisfies Record<string, { queue: QueueName }>;

export type JobName = keyof typeof JOB_TYPES;

export function isJobName(value: string): value is JobName {
  return value in JOB_TYPES;
}

/** Retries with exponential backoff; completed jobs are kept a day so a re-added id still collapses. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: false,
};

const JOB_ID = /^[a-z0-9][a-z0-9_.-]{2,200}$/i;

/** Deterministic job ids (`mail-kurdistan-<uuid>`): no colons, so BullMQ accepts them as custom ids. */
export function jobId(...parts: (string | number)[]): string {
  const id = parts.join('-');
  if (!JOB_ID.test(id)) throw new Error(`invalid job id ${JSON.stringify(id)}`);
  return id;
}
