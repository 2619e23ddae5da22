/** What the invoice services share: reading an invoice with its contract, amounts and dates for mail. */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import { formatMoney, intlLocale } from '../../i18n/format.js';
import { dateTimeFormat } from '../../i18n/intl-cache.js';
import { isLanguage, type Language } from '../../i18n/languages.js';
import type { Deps } from '../../deps.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { contractById, supplierRecipient, type ContractRow } from '../deliveries/contract-access.js';
import { InvoiceNotFoundError } from './errors.js';

export interface InvoiceRow {
  id: string;
  invoice_no: string;
  contract_id: string;
  deliverable_id: string;
  amount: string;
  status: 'submitted' | 'approved' | 'rejected' | 'paid';
  submitted_by: string;
  due_on: string | null;
}

/** The language to write for someone in: theirs when the tenant offers it. */
export function languageOf(tenant: TenantHandle, locale: string | null | undefined): Language {
  return isLanguage(locale) && tenant.config.locales.supported.includes(locale)
    ? locale
    : tenant.config.locales.default;
}

export function moneyFor(tenant: TenantHandle, amount: number | string, locale: string | null | undefined): string {
  return formatMoney(amount, tenant.config.currency, languageOf(tenant, locale), tenant.config.numberingSystem);
}

/** A calendar date (YYYY-MM-DD) written out in someone's language. */
export function dayFor(tenant: TenantHandle, date: string, locale: string | null | undefined): string {
  const lng = languageOf(tenant, locale);
  return dateTimeFormat(intlLocale(lng, tenant.config.numberingSystem), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** The invoice (locked for the rest of the transaction) and its contract; 404 when unknown. */
export async function invoiceFor(
  tx: Knex.Transaction,
  id: string,
): Promise<{ invoice: InvoiceRow; contract: ContractRow }> {
  const invoice = isUuid(id)
    ? await tx('invoices')
        .where({ id })
        .forUpdate()
        .first<InvoiceRow | undefined>(
          'id',
          'invoice_no',
          'contract_id',
          'deliverable_id',
          'amount',
          'status',
          'submitted_by',
          tx.raw('due_on::text as due_on'),
        )
    : undefined;
  if (!invoice) throw new InvoiceNotFoundError();
  return { invoice, contract: await contractById(tx, invoice.contract_id) };
}

/** Tells the supplier user who submitted the invoice what became of it, in their language. */
export async function tellSupplier(
  services: Pick<Deps, 'mailer'>,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  invoice: InvoiceRow,
  contract: ContractRow,
  template: string,
  params: (locale: string | null) => Record<string, unknown> = () => ({}),
): Promise<void> {
  const supplier = await supplierRecipient(tx, invoice.submitted_by);
  await services.mailer.queue(tx, tenant, {
    to: supplier.email,
    locale: supplier.locale,
    template,
    params: {
      name: supplier.display_name,
      invoice: invoice.invoice_no,
      contract: contract.contract_no,
      amount: moneyFor(tenant, invoice.amount, supplier.locale),
      ...params(supplier.locale),
    },
  });
}
