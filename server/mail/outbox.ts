/**
 * Mail is composed in the recipient's language and written to `outbound_emails` in the same
 * transaction as the change that causes it, so it is never lost; after commit a job delivers it
 * (and a periodic sweep re-queues anything a crash or an unreachable queue left behind).
 */
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import { isLanguage } from '../i18n/languages.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export interface MailMessage {
  to: string;
  /** The recipient's language; the tenant's default when unknown. */
  locale: string | null;
  /** Key prefix in the `mail` namespace, with `<key>_subject` and `<key>_body`. */
  template: string;
  params: Record<string, unknown>;
}

export interface MailEnqueuer {
  afterCommit(tenant: TenantHandle, emailId: string): void;
}

export class Mailer {
  constructor(
    private readonly i18n: i18n,
    private readonly delivery: MailEnqueuer,
  ) {}

  async queue(tx: Knex.Transaction, tenant: TenantHandle, message: MailMessage): Promise<string> {
    const locale =
      isLanguage(message.locale) && tenant.config.locales.supported.includes(message.locale)
        ? message.locale
        : tenant.config.locales.default;
    const t = this.i18n.getFixedT(locale, 'mail');
    const name = tenant.config.names[locale] ?? tenant.config.names.en ?? tenant.slug;
    const params = { ...message.params, system: name };
    const [row] = await tx('outbound_emails')
      .insert({
        recipient: message.to,
        locale,
        subject: t(`${message.template}_subject`, params),
        body_text: t(`${message.template}_body`, params),
      })
      .returning<{ id: string }[]>('id');
    const id = row!.id;
    tx.executionPromise.then(
      () => this.delivery.afterCommit(tenant, id),
      () => {},
    );
    return id;
  }
}
