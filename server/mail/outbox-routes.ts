/**
 * The local outbox page: without SMTP outside production (embedded default, training), every
 * e-mail a tenant sends is readable here by the tenant's administrators, so a trainer can follow
 * sign-up links without a mail server. Never public: the mail holds password-reset and invitation
 * links and tells who bid on which notice. Platform operators read it on the staff desk. In a
 * training sandbox each trainee also reads their own mail (/my-mail): none of it is ever sent.
 */
import { Router } from 'express';
import { NotFoundError } from '../http/errors.js';
import { requirePolicy } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { ownEmails, readOutbox } from './read.js';

export function outboxPages(services: Pick<Deps, 'outboxPage'>): Router {
  const router = Router();
  router.get('/outbox', requirePolicy('outbox:read'), async (req, res) => {
    if (!services.outboxPage) throw new NotFoundError();
    const emails = await readOutbox(req.actor);
    res.render('mail/outbox', { title: req.t('mail:outbox_title'), emails });
  });
  router.get('/my-mail', requirePolicy('account:use'), async (req, res) => {
    if (req.actor.tenant.kind !== 'sandbox') throw new NotFoundError();
    const emails = await ownEmails(req.actor);
    res.render('mail/outbox', { title: req.t('sandbox:my_mail'), intro: req.t('sandbox:my_mail_intro'), emails });
  });
  return router;
}
