/**
 * The job registry: which feature does the work of each job type, and which features have timed
 * work to re-derive at every start. It sits at the top, beside main.ts and worker-main.ts that
 * use it, so that the job machinery in jobs/ knows no feature: features export their handlers
 * and their sources of timed work, and this file names them.
 */
import { alertsDigestJob } from './alerts/digest-job.js';
import { noticeAlertsJob } from './alerts/notice-alerts-job.js';
import { auditVerificationJob } from './audit/verification-job.js';
import { followUpJob, pendingFollowUps } from './callcenter/follow-up-job.js';
import { integrityFlagsJob } from './integrity/flags-job.js';
import { retentionPurgeJob } from './identity/retention-purge-job.js';
import type { JobName } from './jobs/catalog.js';
import type { JobHandler } from './jobs/runner.js';
import type { JobRegistry } from './jobs/system.js';
import type { TimedWork } from './jobs/timed.js';
import { ocdsExportJob } from './ocds/export-job.js';
import { sendEmailJob } from './mail/send-email-job.js';
import { unsentMail } from './mail/unsent.js';
import { awardFinalizeJob } from './procurement/awards/finalize-job.js';
import { pendingFinalizations } from './procurement/awards/service.js';
import { openTenderJob } from './procurement/opening/open-tender-job.js';
import { pendingOpenings } from './procurement/opening/schedule.js';
import { paymentsOverdueSweepJob } from './procurement/payments/overdue-sweep-job.js';
import { openCompetitionJob } from './procurement/second-competition/open-competition-job.js';
import { pendingCompetitionOpenings } from './procurement/second-competition/schedule.js';
import { sandboxExpiryJob } from './sandbox/expiry-job.js';
import { rescheduleSandboxJobsJob } from './sandbox/reschedule-job.js';
import type { Services } from './services.js';
import { executionTargetWarningsJob } from './targets/target-warnings-job.js';
import { registrationSweepJob } from './suppliers/registration-sweep-job.js';
import { pendingRenewalReminders, renewalReminderJob } from './suppliers/renewal-reminder-job.js';

/** The handler of every job type. */
export function jobHandlers(services: Services): Record<JobName, JobHandler> {
  return {
    'open-tender': openTenderJob(services),
    'award-finalize': awardFinalizeJob(services),
    'open-competition': openCompetitionJob(services),
    'send-email': sendEmailJob(services),
    'notice-alerts': noticeAlertsJob(services),
    'alerts-digest': alertsDigestJob(services),
    'renewal-reminder': renewalReminderJob(services),
    'callcenter-follow-up': followUpJob(services),
    'audit-verification': auditVerificationJob(services),
    'registration-sweep': registrationSweepJob(services),
    'retention-purge': retentionPurgeJob(services),
    'payments-overdue-sweep': paymentsOverdueSweepJob(services),
    'reschedule-sandbox-jobs': rescheduleSandboxJobsJob(services),
    'sandbox-expiry': sandboxExpiryJob(services),
    'ocds-export': ocdsExportJob(services),
    'integrity-flags': integrityFlagsJob(services),
    'execution-target-warnings': executionTargetWarningsJob(services),
  };
}

/** Every feature's source of timed work (unsent mail is due since it was written). */
export const TIMED_WORK: TimedWork[] = [
  pendingRenewalReminders,
  pendingOpenings,
  pendingCompetitionOpenings,
  pendingFinalizations,
  pendingFollowUps,
  unsentMail,
];

/** What startJobs runs: the handlers and the timed work, for one process's services. */
export function jobRegistry(services: Services): JobRegistry {
  return { handlers: jobHandlers(services), timedWork: TIMED_WORK };
}
