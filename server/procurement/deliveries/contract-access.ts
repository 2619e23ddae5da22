/**
 * The contract a delivery or an invoice belongs to, and who may act on it: the supplier's users,
 * the officers of the buying agency, auditors (read only). Read with plain queries: the contract
 * itself is generated and signed by the contracts feature; here it only has to be `active`.
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import { ForbiddenError, UnauthenticatedError, can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { ContractNotActiveError, ContractNotFoundError } from './errors.js';

export interface ContractRow {
  id: string;
  contract_no: string;
  /** Null for the contract of a delivery order (contracts.order_id), which has no notice. */
  notice_id: string | null;
  order_id: string | null;
  supplier_id: string;
  agency_id: string;
  value: string;
  status: 'awaiting-signatures' | 'active' | 'completed' | 'terminated';
  notice_no: string | null;
  title: Record<string, string>;
}

export type ContractRole = 'supplier' | 'officer' | 'auditor';

/** The notice's title, else the order's number (as text in no particular language). */
export const contractTitle = "coalesce(n.title, jsonb_build_object('und', o.order_no)) as title";

/** Contracts with their notice or, for a delivery order's contract, their order. */
export function contractsWithOrigin(tx: Knex.Transaction): Knex.QueryBuilder {
  return tx('contracts as c')
    .leftJoin('notices as n', 'n.id', 'c.notice_id')
    .leftJoin('delivery_orders as o', 'o.id', 'c.order_id');
}

const COLUMNS = [
  'c.id',
  'c.contract_no',
  'c.notice_id',
  'c.order_id',
  'c.supplier_id',
  'c.agency_id',
  'c.value',
  'c.status',
  'n.notice_no',
];

/** The contract, locked for the rest of the transaction when `lock` (invoices total against it). */
export async function contractById(tx: Knex.Transaction, id: string, lock = false): Promise<ContractRow> {
  if (!isUuid(id)) throw new ContractNotFoundError();
  const q = contractsWithOrigin(tx).where('c.id', id);
  if (lock) q.forUpdate('c');
  // A contract from an order has no notice: its order's number is its title.
  const row = await q.first<ContractRow | undefined>([...COLUMNS, tx.raw(contractTitle)]);
  if (!row) throw new ContractNotFoundError();
  return row;
}

/** How the user stands to the contract, if at all. */
export function roleOn(user: SessionUser | undefined, contract: ContractRow): ContractRole | undefined {
  if (can(user, 'invoices:submit', contract.supplier_id)) return 'supplier';
  if (can(user, 'notices:manage', contract.agency_id)) return 'officer';
  if (can(user, 'audit:read')) return 'auditor';
  return undefined;
}

/** The user's role on the contract; others are refused (403), anonymous callers asked to sign in. */
export function assertViewer(user: SessionUser | undefined, contract: ContractRow): ContractRole {
  if (!user) throw new UnauthenticatedError();
  const role = roleOn(user, contract);
  if (!role) throw new ForbiddenError('contracts:read');
  return role;
}

/** Deliveries, inspections, invoices and payments happen under an active contract only. */
export function assertActive(contract: ContractRow): void {
  if (contract.status !== 'active') throw new ContractNotActiveError(contract.contract_no);
}

/** The supplier user to tell about a change: the one who delivered or invoiced, in their language. */
export async function supplierRecipient(
  tx: Knex.Transaction,
  userId: string,
): Promise<{ email: string; locale: string | null; display_name: string }> {
  return tx('users')
    .where({ id: userId })
    .first<{ email: string; locale: string | null; display_name: string }>('email', 'locale', 'display_name');
}

/** The active officers of an agency, to tell about a delivery to inspect or an overdue invoice. */
export async function agencyOfficers(
  tx: Knex.Transaction,
  agencyId: string,
): Promise<{ email: string; locale: string | null; display_name: string }[]> {
  return tx('users')
    .where({ agency_id: agencyId, status: 'active' })
    .whereRaw(`'officer' = any(roles)`)
    .orderBy('email')
    .select('email', 'locale', 'display_name');
}
