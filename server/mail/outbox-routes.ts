/**
 * The local outbox page: without SMTP (embedded default, training), every e-mail a tenant sends is
 * readable here, so a trainer can follow sign-up links without a mail server.
 */
import { Router } from 'express';
import { NotFoundError } from '../http/errors.js';
import { publicRoute } from '../identity/policy.js';
import type { Services } from '../services.js';
import { inTenant } from '../tenancy/tenant-context.js';

export function outboxPages(services: Services): Router {
  const router = Router();
  router.get('/outbox', publicRoute, async (req, res) => {
    if (!services.localOutbox) throw new NotFoundError();
    const emails = await inTenant(req.tenant!, (tx) =>
      tx('outbound_emails')
        .orderBy('created_at', 'desc')
        .limit(50)
        .select('id', 'recipient', 'subject', 'body_text', 'created_at', 'sent_at'),
    );
    res.render('mail/outbox', { title: req.t('mail:outbox_title'), emails });
  });
  return router;
}
