/**
 * Reading contracts and what hangs off them inside a bound transaction, the refusals every
 * contract operation shares, and the mail to the supplier's administrators.
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import { isLanguage, type Language } from '../../i18n/languages.js';
import type { Deps } from '../../deps.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { ContractRow, SignatureRow } from './content.js';
import { ContractClosedError, ContractNotFoundError } from './errors.js';

export interface DepositRow {
  id: string;
  kind: 'bank-guarantee' | 'insurance-bond' | 'cash';
  issuer: string;
  reference: string;
  amount: string;
  valid_until: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface AmendmentRow {
  id: string;
  number: number;
  from_version: number;
  to_version: number;
  reason: string;
  changes: AmendmentChanges;
  issued_by: string;
  issued_at: Date;
}

export interface AmendmentChanges {
  endsOn?: { from: string; to: string };
  value?: { from: number; to: number };
  deliverables?: { number: number; dueOn?: { from: string; to: string }; amount?: { from: number; to: number } }[];
  /** The content (and its hash) this amendment replaced: what the earlier signatures signed. */
  previousContentHash: string;
  previousContent: unknown;
}

export interface DeliverableRow {
  id: string;
  number: number;
  title: string;
  amount: string;
  due_on: string;
  safety_related: boolean;
  status: string;
}

/** A contract with its dates as YYYY-MM-DD text (never a Date shifted by the process's zone). */
export async function loadContract(
  tx: Knex.Transaction,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ContractRow> {
  if (!isUuid(id)) throw new ContractNotFoundError();
  const query = tx('contracts')
    .where({ id })
    .first<ContractRow | undefined>('*', tx.raw('starts_on::text as starts_on'), tx.raw('ends_on::text as ends_on'));
  const row = await (options.lock ? query.forUpdate() : query);
  if (!row) throw new ContractNotFoundError();
  return row;
}

export function signaturesOf(tx: Knex.Transaction, contractId: string): Promise<SignatureRow[]> {
  return tx<SignatureRow>('contract_signatures').where({ contract_id: contractId }).orderBy(['version', 'signed_at']);
}

/** The guarantee on record: the latest one replaces any earlier. */
export function latestDeposit(tx: Knex.Transaction, contractId: string): Promise<DepositRow | undefined> {
  return tx('contract_deposits')
    .where({ contract_id: contractId })
    .orderBy('recorded_at', 'desc')
    .first<DepositRow | undefined>('*', tx.raw('valid_until::text as valid_until'));
}

export function amendmentsOf(tx: Knex.Transaction, contractId: string): Promise<AmendmentRow[]> {
  return tx('contract_amendments').where({ contract_id: contractId }).orderBy('number').select<AmendmentRow[]>('*');
}

export function deliverablesOf(tx: Knex.Transaction, contractId: string): Promise<DeliverableRow[]> {
  return tx('deliverables')
    .where({ contract_id: contractId })
    .orderBy('number')
    .select<DeliverableRow[]>('*', tx.raw('due_on::text as due_on'));
}

/** Changes are possible only while the contract is awaiting signatures or running. */
export function assertOpen(contract: ContractRow): void {
  if (contract.status !== 'awaiting-signatures' && contract.status !== 'active')
    throw new ContractClosedError(contract.status);
}

/** The recipient's language when the tenant offers it, else the tenant's default. */
export function languageFor(tenant: TenantHandle, locale: string | null | undefined): Language {
  return isLanguage(locale) && tenant.config.locales.supported.includes(locale)
    ? locale
    : tenant.config.locales.default;
}

/**
 * Tells the supplier's administrators (the people who sign for it), each in their own language;
 * `params` is given the recipient's language so amounts and names read right.
 */
export async function mailSupplier(
  services: Pick<Deps, 'mailer'>,
  tx: Knex.Transaction,
  tenant: TenantHandle,
  supplierId: string,
  template: string,
  params: (lng: Language) => Record<string, unknown>,
): Promise<void> {
  const admins = await tx('users')
    .where({ supplier_id: supplierId, status: 'active' })
    .whereRaw(`'supplier-admin' = any(roles)`)
    .select<{ email: string; display_name: string; locale: string | null }[]>('email', 'display_name', 'locale');
  for (const admin of admins) {
    const lng = languageFor(tenant, admin.locale);
    await services.mailer.queue(tx, tenant, {
      to: admin.email,
      locale: lng,
      template,
      params: { name: admin.display_name, ...params(lng) },
    });
  }
}
