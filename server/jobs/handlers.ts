/** Which function runs each job, by queue and job name. */
import { deliverEmail } from '../mail/delivery.js';
import type { Services } from '../services.js';
import type { Handlers } from './worker.js';

export function jobHandlers(services: Services): Handlers {
  return {
    notifications: {
      'send-email': async (job) => {
        const tenant = await services.tenancy.resolve(job.data.tenant);
        if (!tenant) {
          services.logger.warn(
            { tenant: job.data.tenant, job: job.id },
            'job for a tenant that no longer exists skipped',
          );
          return 'skipped';
        }
        return deliverEmail(tenant, String(job.data.emailId), services.mailTransport, services.delivery);
      },
    },
  };
}
