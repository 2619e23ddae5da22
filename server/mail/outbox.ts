/**
 * Mail is composed in the recipient's language and written to `outbound_emails` in the same
 * transaction as the change that causes it, together with its delivery job in the outbox, so it
 * is never lost: the relay hands the job to the queue after commit.
 */
import { randomUUID } from 'node:crypto';
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import { isLanguage, type Language } from '../i18n/languages.js';
import { tenantTranslator } from '../i18n/terminology.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { jobId } from '../jobs/catalog.js';
import type { JobEnqueuer, JobRequest } from '../jobs/outbox.js';
import { together } from '../db/together.js';

export interface MailMessage {
  to: string;
  /** The recipient's language; the tenant's default when unknown. */
  locale: string | null;
  /** Key prefix in the `mail` namespace, with `<key>_subject` and `<key>_body`. */
  template: string;
  params: Record<string, unknown>;
  /** A one-click unsubscribe address, for mail sent because of a subscription (alerts). */
  unsubscribeUrl?: string;
  /** Platform staff read every shipped language, not just the tenant's: theirs is used as given. */
  staffRecipient?: boolean;
}

/** The language mail is written in: the recipient's when the tenant offers it, else the tenant's default. */
export function mailLanguage(tenant: TenantHandle, locale: string | null): Language {
  return isLanguage(locale) && tenant.config.locales.supported.includes(locale)
    ? locale
    : tenant.config.locales.default;
}

/** The delivery job of one queued e-mail; its id is the message's, so duplicates collapse. */
export function mailJob(tenant: TenantHandle, emailId: string, runAt?: Date): JobRequest {
  return { name: 'send-email', jobId: jobId('mail', tenant.slug, emailId), data: { emailId }, runAt };
}

export class Mailer {
  constructor(
    private readonly i18n: i18n,
    private readonly jobs: JobEnqueuer,
  ) {}

  /** Writes `message` and its delivery job in `tx`; returns the message's id. */
  async queue(tx: Knex.Transaction, tenant: TenantHandle, message: MailMessage): Promise<string> {
    const { id, writes } = this.compose(tx, tenant, message);
    await together(...writes);
    return id;
  }

  /** The message and its delivery job as unsent writes, to go out with others (db/together.ts). */
  compose(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    message: MailMessage,
  ): { id: string; writes: Knex.QueryBuilder[] } {
    const locale =
      message.staffRecipient && isLanguage(message.locale) ? message.locale : mailLanguage(tenant, message.locale);
    const t = tenantTranslator(this.i18n, tenant, locale, 'mail');
    const name = tenant.config.names[locale] ?? tenant.config.names.en ?? tenant.slug;
    const params = { ...message.params, system: name };
    const id = randomUUID();
    return {
      id,
      writes: [
        tx('outbound_emails').insert({
          id,
          recipient: message.to,
          locale,
          subject: t(`${message.template}_subject`, params),
          body_text: t(`${message.template}_body`, params),
          list_unsubscribe: message.unsubscribeUrl ?? null,
        }),
        this.jobs.outboxWrite(tx, tenant, mailJob(tenant, id)),
      ],
    };
  }
}
