/** Who hears about an order, each in their own language (mail templates in the orders namespaces). */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { Language } from '../../i18n/languages.js';
import { formatDate, formatDateTime } from '../../i18n/format.js';
import { languageFor } from '../contracts/records.js';
import { moneyText } from '../contracts/terms.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

export interface Recipient {
  email: string;
  locale: string | null;
  display_name: string;
}

/** The active users of a supplier (its staff and administrators). */
export function supplierUsers(tx: Knex.Transaction, supplierId: string): Promise<Recipient[]> {
  return tx('users')
    .where({ supplier_id: supplierId, status: 'active' })
    .orderBy('email')
    .select<Recipient[]>('email', 'locale', 'display_name');
}

export function userRecipient(tx: Knex.Transaction, userId: string): Promise<Recipient> {
  return tx('users').where({ id: userId }).first<Recipient>('email', 'locale', 'display_name');
}

/** How money and instants read in a recipient's language. */
export function mailFormats(tenant: TenantHandle, lng: Language) {
  const c = tenant.config;
  return {
    money: (amount: number | string) => moneyText(tenant, lng, amount),
    time: (at: Date) => formatDateTime(at, lng, c.timeZone, c.numberingSystem),
    day: (day: string) => formatDate(day, lng, c.timeZone, c.numberingSystem),
  };
}

/** Queues `template` to each recipient; `params` gets the recipient's language. */
export async function mailEach(
  deps: Pick<Deps, 'mailer'>,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  recipients: Recipient[],
  mail: { template: string },
  params: (lng: Language) => Record<string, unknown>,
): Promise<void> {
  for (const r of recipients) {
    const lng = languageFor(tenant, r.locale);
    await deps.mailer.queue(tx, tenant, {
      to: r.email,
      locale: lng,
      template: mail.template,
      params: { name: r.display_name, ...params(lng) },
    });
  }
}
