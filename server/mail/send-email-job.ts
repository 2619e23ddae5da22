/** Job `send-email`: delivers one queued e-mail; running it twice sends it once. */
import type { JobHandler } from '../jobs/runner.js';
import type { Services } from '../services.js';
import { deliverEmail } from './delivery.js';

export function sendEmailJob(services: Services): JobHandler {
  return ({ job, tenant }) => deliverEmail(tenant, String(job.data.emailId), services.mailTransport, services.delivery);
}
