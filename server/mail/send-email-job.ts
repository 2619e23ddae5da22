/** Job `send-email`: delivers one queued e-mail; running it twice sends it once. */
import type { JobHandler } from '../jobs/runner.js';
import type { Deps } from '../deps.js';
import { deliverEmail } from './delivery.js';

export function sendEmailJob(services: Deps): JobHandler {
  return ({ job, tenant }) => deliverEmail(tenant, String(job.data.emailId), services.mailTransport, services.delivery);
}
