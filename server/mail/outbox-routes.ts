/**
 * The local outbox page: without SMTP outside production (embedded default, training), every
 * e-mail a tenant sends is readable here by the tenant's administrators, so a trainer can follow
 * sign-up links without a mail server. Never public: the mail holds password-reset and invitation
 * links and tells who bid on which notice. Platform operators read it on the staff desk.
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import { NotFoundError } from '../http/errors.js';
import { requirePolicy } from '../identity/policy.js';
import type { Services } from '../services.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export interface OutboxEmail {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  created_at: Date;
  sent_at: Date | null;
}

/** The tenant's 50 most recent e-mails, newest first, read inside the caller's transaction. */
export function recentEmails(tx: Knex.Transaction): Promise<OutboxEmail[]> {
  return tx<OutboxEmail>('outbound_emails')
    .orderBy('created_at', 'desc')
    .limit(50)
    .select('id', 'recipient', 'subject', 'body_text', 'created_at', 'sent_at');
}

export function readOutbox(tenant: TenantHandle): Promise<OutboxEmail[]> {
  return inTenant(tenant, recentEmails);
}

export function outboxPages(services: Services): Router {
  const router = Router();
  router.get('/outbox', requirePolicy('outbox:read'), async (req, res) => {
    if (!services.outboxPage) throw new NotFoundError();
    const emails = await readOutbox(req.tenant!);
    res.render('mail/outbox', { title: req.t('mail:outbox_title'), emails });
  });
  return router;
}
