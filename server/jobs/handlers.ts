/** The handler of every job type. */
import { auditVerificationJob } from '../audit/verification-job.js';
import { retentionPurgeJob } from '../identity/retention-purge-job.js';
import { sendEmailJob } from '../mail/send-email-job.js';
import { awardFinalizeJob } from '../procurement/awards/finalize-job.js';
import { openTenderJob } from '../procurement/opening/open-tender-job.js';
import { paymentsOverdueSweepJob } from '../procurement/payments/overdue-sweep-job.js';
import type { Services } from '../services.js';
import { registrationSweepJob } from '../suppliers/registration-sweep-job.js';
import { renewalReminderJob } from '../suppliers/renewal-reminder-job.js';
import type { JobName } from './catalog.js';
import type { JobHandler } from './runner.js';

export function jobHandlers(services: Services): Record<JobName, JobHandler> {
  return {
    'open-tender': openTenderJob(services),
    'award-finalize': awardFinalizeJob(services),
    'send-email': sendEmailJob(services),
    'renewal-reminder': renewalReminderJob(services),
    'audit-verification': auditVerificationJob(services),
    'registration-sweep': registrationSweepJob(services),
    'retention-purge': retentionPurgeJob(services),
    'payments-overdue-sweep': paymentsOverdueSweepJob(services),
  };
}
