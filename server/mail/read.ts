/**
 * The local outbox as it is read: a tenant's most recent e-mails, for its administrators' outbox
 * page (outbox-routes.ts) and for the operators' staff desk, which reads it in its own audited
 * transaction. Never public: the mail holds password-reset and invitation links.
 */
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';

export interface OutboxEmail {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  /** The language it was written in (the recipient's). */
  locale: string;
  created_at: Date;
  sent_at: Date | null;
}

/** The tenant's 50 most recent e-mails, newest first, read inside the caller's transaction. */
export function recentEmails(tx: Knex.Transaction): Promise<OutboxEmail[]> {
  return tx<OutboxEmail>('outbound_emails')
    .orderBy('created_at', 'desc')
    .limit(50)
    .select('id', 'recipient', 'subject', 'body_text', 'locale', 'created_at', 'sent_at');
}

/**
 * The signed-in user's own e-mails, newest first: in a training sandbox, whose mail never leaves
 * it, this is the trainee's mailbox.
 */
export function ownEmails(actor: Actor): Promise<OutboxEmail[]> {
  assertCan(actor.user, 'account:use');
  const email = actor.user.email.toLowerCase();
  return inTenant(actor.tenant, (tx) =>
    tx<OutboxEmail>('outbound_emails')
      .whereRaw('lower(recipient) = ?', [email])
      .orderBy('created_at', 'desc')
      .limit(50)
      .select('id', 'recipient', 'subject', 'body_text', 'locale', 'created_at', 'sent_at'),
  );
}

/** The outbox page's e-mails, for the tenant's administrators. */
export function readOutbox(actor: Actor): Promise<OutboxEmail[]> {
  assertCan(actor.user, 'outbox:read');
  return inTenant(actor.tenant, recentEmails);
}
