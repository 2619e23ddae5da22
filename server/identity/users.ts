/** The accounts of one tenant, read and written inside a bound transaction. */
import type { Knex } from 'knex';
import type { TenantRole } from './roles.js';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  locale: string | null;
  roles: TenantRole[];
  password_hash: string;
  status: 'active' | 'deactivated';
  email_verified_at: Date | null;
  agency_id: string | null;
  supplier_id: string | null;
  totp_secret_sealed: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  last_login_at: Date | null;
  password_changed_at: Date | null;
  /** When an approved request last reset the second factor (approvals/second-factor-reset.ts). */
  second_factor_reset_at: Date | null;
}

/** What a request knows about its signed-in user. */
export interface SessionUser {
  id: string;
  tenant: string;
  email: string;
  displayName: string;
  roles: TenantRole[];
  locale: string | null;
  agencyId: string | null;
  supplierId: string | null;
  secondFactorEnabled: boolean;
  /**
   * When the password was last set or the second factor reset, whichever is later (ms, 0 never):
   * a session remembers the value it signed in with, so a reset or change ends every session
   * made before it.
   */
  credentialsStamp: number;
}

/** The columns toSessionUser reads, for lookups that need no more (never the password hash). */
export const SESSION_USER_COLUMNS = [
  'id',
  'email',
  'display_name',
  'roles',
  'locale',
  'agency_id',
  'supplier_id',
  'totp_enabled_at',
  'password_changed_at',
  'second_factor_reset_at',
] as const;

const stampOf = (at: Date | null) => (at ? new Date(at).getTime() : 0);

export function toSessionUser(tenant: string, row: Pick<UserRow, (typeof SESSION_USER_COLUMNS)[number]>): SessionUser {
  return {
    id: row.id,
    tenant,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    locale: row.locale,
    agencyId: row.agency_id,
    supplierId: row.supplier_id,
    secondFactorEnabled: row.totp_enabled_at !== null,
    credentialsStamp: Math.max(stampOf(row.password_changed_at), stampOf(row.second_factor_reset_at)),
  };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(tx: Knex.Transaction, email: string): Promise<UserRow | undefined> {
  return tx<UserRow>('users')
    .whereRaw('lower(email) = ?', [normalizeEmail(email)])
    .first();
}

export function findUserById(tx: Knex.Transaction, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return Promise.resolve(undefined);
  return tx<UserRow>('users').where({ id }).first();
}
